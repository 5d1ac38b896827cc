import type { SQL } from "drizzle-orm";
import type { Executor } from "./createDatabase.ts";

/**
 * Runs a raw SQL query and returns its rows on either driver. Values come back as the driver parses
 * them: use {@link toCount} for counts and `BigInt` for `numeric`.
 *
 * @example
 * const rows = await queryRows<{ now: Date }>(db, sql`select now() as now`);
 */
export async function queryRows<Row extends Record<string, unknown>>(db: Executor, query: SQL): Promise<Row[]> {
  // Both drivers return an object with `rows`: pg's QueryResult and PGlite's Results.
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
