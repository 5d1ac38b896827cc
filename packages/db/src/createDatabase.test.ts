import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getTableName, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import journal from "../migrations/meta/_journal.json" with { type: "json" };
import { toCount } from "./countRows.ts";
import { createDatabase, type DatabaseLogger } from "./createDatabase.ts";
import { queryRows } from "./queryRows.ts";
import { authorities } from "./schema/catalogue.ts";
import { schema } from "./schema.ts";
import { createTestDatabases, type TestDatabase } from "./testing/createTestDatabases.ts";

const uto = {
  id: "uto-evisa",
  onchainId: `0x${"ab".repeat(32)}`,
  name: "Utopia e-Visa",
  country: "UT",
  currency: "USD",
} as const;

async function appliedMigrations(database: TestDatabase): Promise<number> {
  const [row] = await queryRows<{ n: unknown }>(
    database.db,
    sql`select count(*) as n from drizzle.__drizzle_migrations`,
  );
  return toCount(row?.n);
}

async function publicTables(database: TestDatabase): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    database.db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
  );
  return rows.map((row) => row.name);
}

describe.each(createTestDatabases())("createDatabase on $name", ({ name, open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open({ migrate: false });
  });
  afterAll(() => database.close());

  test("kind names the engine", () => {
    expect(database.kind).toBe(name);
  });

  test("migrate creates every table of the schema", async () => {
    await database.migrate();
    const expected = Object.values(schema)
      .map((table) => getTableName(table))
      .sort();
    expect(await publicTables(database)).toEqual(expected);
    expect(await appliedMigrations(database)).toBeGreaterThan(0);
  });

  test("migrate again is a no-op", async () => {
    await database.db.insert(authorities).values(uto);
    const before = await appliedMigrations(database);
    await database.migrate();
    await database.migrate();
    expect(await appliedMigrations(database)).toBe(before);
    expect(await database.db.select({ id: authorities.id }).from(authorities)).toEqual([{ id: uto.id }]);
  });

  test("concurrent migrate calls of one process run one after the other", async () => {
    const before = await appliedMigrations(database);
    await Promise.all([database.migrate(), database.migrate(), database.migrate()]);
    expect(await appliedMigrations(database)).toBe(before);
  });

  test("a transaction rolls back when its callback throws", async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(authorities).values({ ...uto, id: "rolled-back", onchainId: `0x${"cd".repeat(32)}` });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const ids = await database.db.select({ id: authorities.id }).from(authorities);
    expect(ids).toEqual([{ id: uto.id }]);
  });
});

describe.runIf(createTestDatabases().some((factory) => factory.name === "postgres"))("migrate on PostgreSQL", () => {
  test("processes starting together migrate once, one after the other", async () => {
    const postgres = createTestDatabases().find((factory) => factory.name === "postgres")!;
    const first = await postgres.open({ migrate: false });
    // Separate pools stand for separate processes: only the advisory lock keeps them apart.
    const others = Array.from({ length: 3 }, () => createDatabase({ url: first.url }));
    try {
      await Promise.all([first.migrate(), ...others.map((other) => other.migrate())]);
      const [row] = await queryRows<{ n: unknown }>(
        first.db,
        sql`select count(*) as n from drizzle.__drizzle_migrations`,
      );
      expect(toCount(row?.n)).toBe(journal.entries.length);
    } finally {
      await Promise.all(others.map((other) => other.close()));
      await first.close();
    }
  });
});

describe("createDatabase on PGlite", () => {
  test("keeps its data in dataDir across restarts and logs queries without their parameters", async () => {
    const folder = await mkdtemp(join(tmpdir(), "entrada-db-"));
    // Folders above the data folder are created too.
    const dataDir = join(folder, "state", "db");
    const entries: { level: string; object: Record<string, unknown>; message: string }[] = [];
    const logger: DatabaseLogger = {
      debug: (object, message) => entries.push({ level: "debug", object, message }),
      info: (object, message) => entries.push({ level: "info", object, message }),
      error: (object, message) => entries.push({ level: "error", object, message }),
    };
    try {
      const first = createDatabase({ dataDir, logger });
      expect(first.kind).toBe("pglite");
      await first.migrate();
      await first.db.insert(authorities).values(uto);
      await first.db.select().from(authorities).where(sql`${authorities.name} = ${"secret-value"}`);
      await first.close();
      await first.close(); // a second close is harmless

      expect(entries.filter((entry) => entry.level !== "debug")).toEqual([
        { level: "info", object: { kind: "pglite", ms: expect.any(Number) }, message: "database migrated" },
      ]);
      expect(entries.at(-1)).toEqual({
        level: "debug",
        object: { sql: expect.stringContaining('from "authorities" where "authorities"."name" = $1') },
        message: "database query",
      });
      expect(JSON.stringify(entries)).not.toContain("secret-value");

      const second = createDatabase({ dataDir });
      await second.migrate();
      expect(await second.db.select({ id: authorities.id }).from(authorities)).toEqual([{ id: uto.id }]);
      await second.close();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
