import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDatabase } from "./createDatabase.ts";
import { queryRows } from "./queryRows.ts";
import { createTestDatabases, type TestDatabase } from "./testing/createTestDatabases.ts";

// A PostgreSQL restart resets every connection, those in the middle of a transaction included. The
// fault suite (bench/src/faults, db-down) found that this killed the server: the pool's client
// checked out for the transaction had no 'error' listener.

const postgres = createTestDatabases().find((factory) => factory.name === "postgres");

/** A TCP proxy to `port` whose open connections can all be reset at once. */
async function startResettableProxy(port: number) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as { port: number }).port,
    resetAll() {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}

describe.runIf(postgres !== undefined)("createDatabase on PostgreSQL when a connection is reset", () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startResettableProxy>>;
  beforeAll(async () => {
    database = await postgres!.open();
    proxy = await startResettableProxy(Number(new URL(database.url!).port || 5432));
  });
  afterAll(async () => {
    await proxy.close();
    await database.close();
  });

  test("fails the transaction in flight, not the process, and serves the next query", async () => {
    const url = new URL(database.url!);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    const errors: unknown[] = [];
    const logger = { info() {}, debug() {}, error: (_object: unknown, message: string) => errors.push(message) };
    const viaProxy = createDatabase({ url: url.toString(), logger });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const transaction = viaProxy.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_sleep(5)`);
      });
      await sleep(300);
      proxy.resetAll();
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
