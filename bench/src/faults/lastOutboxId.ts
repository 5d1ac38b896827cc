import { type Database, outbox } from "@entrada/db";
import { max } from "drizzle-orm";

/**
 * The newest outbox event's id (0 when there is none): a scenario checks the events after it.
 *
 * @example
 * const from = await lastOutboxId(stack.db);
 */
export async function lastOutboxId(db: Database): Promise<number> {
  const [row] = await db.select({ id: max(outbox.id) }).from(outbox);
  return Number(row?.id ?? 0);
}
