import { type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "./createDatabase.ts";

/**
 * Normalises a `count(*)` (or any `int8` value) from a raw query to a number. `pg` returns int8 as a
 * string (and so does PGlite as `createDatabase` opens it), a bare PGlite as a number or a bigint.
 * Throws when the value is not a safe integer rather than lose precision.
 *
 * @example
 * const [row] = await queryRows<{ n: unknown }>(db, sql`select count(*) as n from outbox`);
 * toCount(row?.n); // 3 on both drivers
 */
export function toCount(value: unknown): number {
  const count = typeof value === "string" || typeof value === "bigint" ? Number(value) : value;
  if (typeof count !== "number" || !Number.isSafeInteger(count)) {
    throw new TypeError(`Not a count: ${String(value)}`);
  }
  return count;
}

/**
 * Counts the rows of `table` matching `where`, as a number on both drivers.
 *
 * @example
 * await countRows(db, outbox, isNull(outbox.processedAt)); // 2
 */
export async function countRows(db: Executor, table: PgTable, where?: SQL): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)`.mapWith(toCount) })
    .from(table)
    .where(where);
  return row?.count ?? 0;
}
