import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../createDatabase.ts";
import { outbox } from "../schema/outbox.ts";

export type CompleteOutboxParameters = {
  id: number;
  /** The worker that claimed the event. */
  workerId: string;
};

/**
 * Marks a claimed event processed. Returns `false` when `workerId` no longer holds the event (its
 * claim expired and another worker claimed it) or it was already processed.
 *
 * @example
 * await completeOutbox(db, { id: message.id, workerId }); // true
 */
export async function completeOutbox(db: Executor, parameters: CompleteOutboxParameters): Promise<boolean> {
  const { id, workerId } = parameters;
  const rows = await db
    .update(outbox)
    .set({ processedAt: sql`now()`, lockedUntil: null, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.lockedBy, workerId), isNull(outbox.processedAt), isNull(outbox.failedAt)))
    .returning({ id: outbox.id });
  return rows.length === 1;
}
