import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { queryRows } from "../queryRows.ts";
import { createTestDatabases } from "./createTestDatabases.ts";

const serverUrl = process.env.TEST_DATABASE_URL || undefined;

describe("createTestDatabases", () => {
  test("runs on PGlite, and on PostgreSQL when given a server", () => {
    const names = (url?: string) => createTestDatabases({ url }).map((factory) => factory.name);
    expect(names("postgres://postgres@127.0.0.1:5432/test")).toEqual(["pglite", "postgres"]);
    expect(names()).toEqual(serverUrl ? ["pglite", "postgres"] : ["pglite"]);
  });

  test.runIf(serverUrl)("opens a fresh database of its own on the server and drops it on close", async () => {
    const postgres = createTestDatabases().find((factory) => factory.name === "postgres")!;
    const database = await postgres.open();
    const [row] = await queryRows<{ name: string }>(database.db, sql`select current_database() as name`);
    expect(row?.name).toMatch(/^entrada_t_[0-9a-f]{16}$/);
    expect(database.url).toContain(`/${row?.name}`);
    await database.close();
    await database.close();

    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const { rows } = await client.query("select 1 from pg_database where datname = $1", [row?.name]);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
