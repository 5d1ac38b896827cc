import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Executor } from "../createDatabase.ts";
import { outbox } from "../schema/outbox.ts";
import type { OutboxMessage } from "./enqueueOutbox.ts";

export type ClaimOutboxParameters = {
  /** Only events of this topic; every topic when absent. */
  topic?: string | undefined;
  /** Most events to claim. */
  limit: number;
  /** How long the claim lasts; past it, another worker may claim the event again. */
  lockMs: number;
  /** Identifies the claimer; only it can complete or fail the event while its claim lasts. */
  workerId: string;
};

/**
 * Claims up to `limit` pending events, oldest first, for `lockMs`: sets `locked_until`, `locked_by`
 * and counts the attempt. Rows are selected `FOR UPDATE SKIP LOCKED` in a transaction, so workers in
 * several processes sharing one PostgreSQL never claim the same event at once. Times are the
 * database's clock, shared by every process.
 *
 * @example
 * for (const message of await claimOutbox(db, { limit: 10, lockMs: 30_000, workerId })) {
 *   await deliver(message);
 *   await completeOutbox(db, { id: message.id, workerId });
 * }
 */
export async function claimOutbox(db: Executor, parameters: ClaimOutboxParameters): Promise<OutboxMessage[]> {
  const { topic, limit, lockMs, workerId } = parameters;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer: ${limit}`);
  if (!Number.isSafeInteger(lockMs) || lockMs < 1) throw new RangeError(`lockMs must be a positive integer: ${lockMs}`);
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          isNull(outbox.processedAt),
          isNull(outbox.failedAt),
          lte(outbox.availableAt, sql`now()`),
          or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, sql`now()`)),
          topic === undefined ? undefined : eq(outbox.topic, topic),
        ),
      )
      .orderBy(asc(outbox.availableAt), asc(outbox.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (candidates.length === 0) return [];
    const claimed = await tx
      .update(outbox)
      .set({
        lockedUntil: sql`now() + ${`${lockMs} milliseconds`}::interval`,
        lockedBy: workerId,
        attempts: sql`${outbox.attempts} + 1`,
      })
      .where(
        inArray(
          outbox.id,
          candidates.map((candidate) => candidate.id),
        ),
      )
      .returning();
    return claimed.sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime() || a.id - b.id);
  });
}
