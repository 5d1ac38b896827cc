import { getTableName, sql } from "drizzle-orm";
import type { Database } from "../createDatabase.ts";
import { schema } from "../schema.ts";

/**
 * Empties every table of the schema and restarts their sequences, so that tests sharing one database
 * (one per file, as opening one takes about a second) start from the same state.
 *
 * @example
 * beforeEach(() => resetDatabase(database.db));
 */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = Object.values(schema).map((table) => sql.identifier(getTableName(table)));
  await db.execute(sql`truncate table ${sql.join(tables, sql`, `)} restart identity cascade`);
}
