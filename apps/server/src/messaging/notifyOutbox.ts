import type { Executor } from "@entrada/db";
import { sql } from "drizzle-orm";

/** The PostgreSQL channel on which outbox ids are announced, one notification per id. */
export const outboxChannel = "entrada_outbox";

/**
 * Announces outbox rows to every server process (`NOTIFY entrada_outbox, '<id>'`, one per id), so
 * that each process's SSE hub pushes them at once instead of polling.
 *
 * Call it with the transaction that enqueued the rows (PostgreSQL and PGlite hold the notifications
 * until the commit and drop them on rollback) or with the database after the commit. A lost
 * notification only delays the live push: the rows stay in the outbox for workers and replay.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   const event = await enqueueOutbox(tx, { topic: "application.state_changed", aggregateId: id, payload });
 *   await notifyOutbox(tx, [event.id]);
 * });
 */
export async function notifyOutbox(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`Not an outbox id: ${id}`);
  }
  // One statement for any number of ids. The array goes as a literal: Drizzle would expand a JS
  // array into a record. Identical notifications of one transaction are folded into one by PostgreSQL.
  await db.execute(
    sql`select pg_notify(${outboxChannel}, id::text) from unnest(${`{${ids.join(",")}}`}::bigint[]) as id`,
  );
}
