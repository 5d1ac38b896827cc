import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDatabase } from "./createDatabase.ts";
import { queryRows } from "./queryRows.ts";
import { createTestDatabases, type TestDatabase } from "./testing/createTestDatabases.ts";
import { type CuttableProxy, startCuttableProxy } from "./testing/startCuttableProxy.ts";

// A PostgreSQL restart resets every connection, those in the middle of a transaction included. The
// fault suite (bench/src/faults, db-down) found that this killed the server: the pool's client
// checked out for the transaction had no 'error' listener.

const postgres = createTestDatabases().find((factory) => factory.name === "postgres");

describe.runIf(postgres !== undefined)("createDatabase on PostgreSQL when a connection is reset", () => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  beforeAll(async () => {
    database = await postgres!.open();
    proxy = await startCuttableProxy(database.url!);
  });
  afterAll(async () => {
    await proxy.close();
    await database.close();
  });

  test("fails the transaction in flight, not the process, and serves the next query", async () => {
    const errors: unknown[] = [];
    const logger = { info() {}, debug() {}, error: (_object: unknown, message: string) => errors.push(message) };
    const viaProxy = createDatabase({ url: proxy.url, logger });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const transaction = viaProxy.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_sleep(5)`);
      });
      await sleep(300);
      proxy.cut();
      proxy.restore();
      await expect(transaction).rejects.toThrow();
      await sleep(100);
      expect(uncaught).toEqual([]);
      expect(errors).toContain("PostgreSQL connection lost while in use");
      const [row] = await queryRows<{ one: number }>(viaProxy.db, sql`select 1 as one`);
      expect(row?.one).toBe(1);
    } finally {
      process.off("uncaughtException", onUncaught);
      await viaProxy.close();
    }
  });
});
