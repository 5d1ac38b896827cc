import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../createDatabase.ts";
import { outbox } from "../schema/outbox.ts";

export type RenewOutboxClaimParameters = {
  /** Events the worker claimed and is still handling. */
  ids: readonly number[];
  /** The worker that claimed them. */
  workerId: string;
  /** The claim lasts this long from now (the database's clock), as `claimOutbox`'s `lockMs`. */
  lockMs: number;
};

/**
 * Extends a worker's claim on events it is still handling, so that a claim can be short — a crashed
 * worker's events are taken over soon — and yet never run out under a live worker in a slow send.
 * Only events the worker still holds are renewed (not processed, not given up, not taken over after
 * its claim ran out); returns their ids.
 *
 * @example
 * const timer = setInterval(() => renewOutboxClaim(db, { ids, workerId, lockMs: 30_000 }), 10_000);
 */
export async function renewOutboxClaim(db: Executor, parameters: RenewOutboxClaimParameters): Promise<number[]> {
  const { ids, workerId, lockMs } = parameters;
  if (!Number.isSafeInteger(lockMs) || lockMs < 1) throw new RangeError(`lockMs must be a positive integer: ${lockMs}`);
  if (ids.length === 0) return [];
  const rows = await db
    .update(outbox)
    .set({ lockedUntil: sql`now() + ${`${lockMs} milliseconds`}::interval` })
    .where(
      and(
        inArray(outbox.id, [...ids]),
        eq(outbox.lockedBy, workerId),
        isNull(outbox.processedAt),
        isNull(outbox.failedAt),
      ),
    )
    .returning({ id: outbox.id });
  return rows.map((row) => row.id).sort((a, b) => a - b);
}
