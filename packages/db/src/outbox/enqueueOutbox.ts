import type { Executor } from "../createDatabase.ts";
import type { Json } from "../schema/columns.ts";
import { outbox } from "../schema/outbox.ts";

export type EnqueueOutboxParameters = {
  /** What happened, e.g. `application.paid`. */
  topic: string;
  /** The entity the event is about. */
  aggregateId: string;
  payload: Json;
  /** Not delivered before then (default: now). */
  availableAt?: Date | undefined;
};

/** A row of the outbox. */
export type OutboxMessage = typeof outbox.$inferSelect;

/**
 * Records a domain event for the workers. Call it with the transaction that makes the change, so that
 * the event exists if and only if the change does.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.update(applications).set({ state: "paid" }).where(eq(applications.id, id));
 *   await enqueueOutbox(tx, { topic: "application.paid", aggregateId: id, payload: { id } });
 * });
 */
export async function enqueueOutbox(db: Executor, parameters: EnqueueOutboxParameters): Promise<OutboxMessage> {
  const { topic, aggregateId, payload, availableAt } = parameters;
  const [row] = await db
    .insert(outbox)
    .values({ topic, aggregateId, payload, ...(availableAt ? { availableAt } : {}) })
    .returning();
  return row!;
}
