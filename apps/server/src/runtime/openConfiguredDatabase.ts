import { join } from "node:path";
import { createDatabase, type EntradaDatabase } from "@entrada/db";
import type { Config } from "../config.ts";

/**
 * The database the configuration names: PostgreSQL at `DATABASE_URL` when set, else the embedded
 * PGlite in `<ENTRADA_DATA_DIR>/db`. The server and the operator CLI open it the same way, so a
 * command always reads what the server wrote.
 *
 * @example
 * const database = openConfiguredDatabase(config);
 * await database.migrate();
 */
export function openConfiguredDatabase(config: Pick<Config, "databaseUrl" | "dataDir">): EntradaDatabase {
  return createDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : join(config.dataDir, "db"),
  });
}
