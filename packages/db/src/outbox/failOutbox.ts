import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../createDatabase.ts";
import { outbox } from "../schema/outbox.ts";

export type FailOutboxParameters = {
  id: number;
  /** The worker that claimed the event. */
  workerId: string;
  /** Why the attempt failed; stored (truncated) in `last_error`. Must not contain secrets. */
  error: string;
  /** After this many attempts the event is given up (`failed_at`) instead of retried (default 10). */
  maxAttempts?: number | undefined;
};

export type FailOutboxReturnType =
  | { type: "retry"; attempts: number; availableAt: Date }
  | { type: "failed"; attempts: number; failedAt: Date }
  /** The worker no longer holds the event: nothing changed. */
  | { type: "not_claimed" };

/** Longest wait between two attempts. */
const maxBackoffMs = 60 * 60 * 1000;

/**
 * Delay before retrying an event that failed `attempts` times: 1 s, 2 s, 4 s, … doubling, capped at
 * one hour.
 *
 * @example
 * outboxBackoffMs(3); // 4_000
 */
export function outboxBackoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), maxBackoffMs);
}

/**
 * Releases a claimed event after a failed attempt: it becomes claimable again after
 * {@link outboxBackoffMs}, or is given up once it has had `maxAttempts` attempts.
 *
 * @example
 * await failOutbox(db, { id: message.id, workerId, error: "SMTP 451" }); // { type: "retry", attempts: 1, … }
 */
export async function failOutbox(db: Executor, parameters: FailOutboxParameters): Promise<FailOutboxReturnType> {
  const { id, workerId, error, maxAttempts = 10 } = parameters;
  return db.transaction(async (tx) => {
    const owned = and(
      eq(outbox.id, id),
      eq(outbox.lockedBy, workerId),
      isNull(outbox.processedAt),
      isNull(outbox.failedAt),
    );
    const [row] = await tx.select({ attempts: outbox.attempts }).from(outbox).where(owned).for("update");
    if (!row) return { type: "not_claimed" } as const;
    const { attempts } = row;
    const giveUp = attempts >= maxAttempts;
    const [updated] = await tx
      .update(outbox)
      .set({
        lastError: error.slice(0, 2000),
        lockedUntil: null,
        lockedBy: null,
        ...(giveUp
          ? { failedAt: sql`now()` }
          : { availableAt: sql`now() + ${`${outboxBackoffMs(attempts)} milliseconds`}::interval` }),
      })
      .where(eq(outbox.id, id))
      .returning({ availableAt: outbox.availableAt, failedAt: outbox.failedAt });
    return giveUp
      ? { type: "failed", attempts, failedAt: updated!.failedAt! }
      : { type: "retry", attempts, availableAt: updated!.availableAt };
  });
}
