import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createDatabase } from "./createDatabase.ts";
import { assertChannel, listenBackoffMs } from "./listenPostgres.ts";
import { queryRows } from "./queryRows.ts";
import { createTestDatabases, type TestDatabase } from "./testing/createTestDatabases.ts";

describe("assertChannel", () => {
  test("accepts plain identifiers only, as LISTEN takes no parameter", () => {
    expect(() => assertChannel("entrada_outbox")).not.toThrow();
    for (const bad of ["", "Outbox", "a-b", "x; drop table users", "1x", "a".repeat(64)]) {
      expect(() => assertChannel(bad)).toThrow(RangeError);
    }
  });
});

describe("listenBackoffMs", () => {
  test("doubles from 100 ms to 30 s, with at most 20 % jitter", () => {
    for (const [attempt, base] of [
      [1, 100],
      [2, 200],
      [5, 1600],
      [30, 30_000],
    ] as const) {
      const delay = listenBackoffMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(base);
      expect(delay).toBeLessThanOrEqual(base * 1.2);
    }
  });
});

describe.each(createTestDatabases())("listen on $name", ({ name, open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open({ migrate: false });
  });
  afterAll(() => database.close());

  test("receives notifications of committed transactions only, in order", async () => {
    const received: string[] = [];
    const unlisten = await database.listen({ channel: "test_commit", onNotification: (p) => received.push(p) });
    await database.db.execute(sql`select pg_notify('test_commit', 'a')`);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('test_commit', 'b')`);
      await tx.execute(sql`select pg_notify('test_commit', 'c')`);
    });
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`select pg_notify('test_commit', 'rolled back')`);
        throw new Error("abort");
      })
      .catch(() => {});
    await database.db.execute(sql`select pg_notify('test_other', 'other channel')`);
    await vi.waitFor(() => expect(received).toEqual(["a", "b", "c"]));
    await unlisten();
    await unlisten(); // harmless
    await database.db.execute(sql`select pg_notify('test_commit', 'after')`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual(["a", "b", "c"]);
  });

  test.runIf(name === "postgres")("a second process's notifications arrive", async () => {
    const other = createDatabase({ url: database.url, maxConnections: 1 });
    const received: string[] = [];
    const unlisten = await database.listen({ channel: "test_process", onNotification: (p) => received.push(p) });
    try {
      await other.db.execute(sql`select pg_notify('test_process', 'from afar')`);
      await vi.waitFor(() => expect(received).toEqual(["from afar"]));
    } finally {
      await unlisten();
      await other.close();
    }
  });

  test.runIf(name === "postgres")("survives a lost connection: reconnects, listens again, says so", async () => {
    const received: string[] = [];
    let reconnects = 0;
    const unlisten = await database.listen({
      channel: "test_reconnect",
      onNotification: (payload) => received.push(payload),
      onReconnect: () => {
        reconnects += 1;
      },
    });
    try {
      const listeners = async () =>
        queryRows<{ pid: number }>(
          database.db,
          sql`select pid from pg_stat_activity where datname = current_database() and query = 'LISTEN test_reconnect'`,
        );
      const [listener] = await listeners();
      expect(listener).toBeDefined();
      await database.db.execute(sql`select pg_terminate_backend(${listener!.pid})`);
      await vi.waitFor(() => expect(reconnects).toBe(1), { timeout: 10_000 });
      expect((await listeners()).map((row) => row.pid)).not.toContain(listener!.pid);
      await database.db.execute(sql`select pg_notify('test_reconnect', 'after reconnect')`);
      await vi.waitFor(() => expect(received).toEqual(["after reconnect"]));
    } finally {
      await unlisten();
    }
  });

  test("close() ends the listeners too", async () => {
    const own = name === "postgres" ? createDatabase({ url: database.url }) : await open({ migrate: false });
    await own.listen({ channel: "test_close", onNotification: () => {} });
    await own.close();
    if (name === "postgres") {
      const rows = await queryRows<{ pid: number }>(
        database.db,
        sql`select pid from pg_stat_activity where datname = current_database() and query = 'LISTEN test_close'`,
      );
      expect(rows).toEqual([]);
    }
  });
});

describe.runIf(createTestDatabases().some((factory) => factory.name === "postgres"))("listen on PostgreSQL", () => {
  test("fails at once when the server cannot be reached, rather than retrying forever", async () => {
    const database = createDatabase({ url: "postgres://postgres@127.0.0.1:1/none" });
    try {
      await expect(database.listen({ channel: "x", onNotification: () => {} })).rejects.toThrow();
    } finally {
      await database.close();
    }
  });
});
