import { createDatabase, enqueueOutbox } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createEventBus } from "./createEventBus.ts";
import { notifyOutbox } from "./notifyOutbox.ts";
import { createTestLogger } from "./testing/createTestLogger.ts";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(createTestDatabases())("createEventBus on $name", ({ name, open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());

  test("a second subscriber (on PostgreSQL: a second process) hears what the first process announces", async () => {
    // On PostgreSQL another pool and bus stand for another server process; PGlite lives in one process.
    const otherDatabase = name === "postgres" ? createDatabase({ url: database.url, maxConnections: 2 }) : undefined;
    const { logger } = createTestLogger();
    const here = createEventBus({ database, logger });
    const there = createEventBus({ database: otherDatabase ?? database, logger });
    const heardHere: number[] = [];
    const heardThere: number[] = [];
    try {
      await here.subscribe((id) => heardHere.push(id));
      await there.subscribe((id) => heardThere.push(id));

      const ids = await database.db.transaction(async (tx) => {
        const first = await enqueueOutbox(tx, { topic: "t", aggregateId: "a", payload: {} });
        const second = await enqueueOutbox(tx, { topic: "t", aggregateId: "b", payload: {} });
        await notifyOutbox(tx, [first.id, second.id]);
        return [first.id, second.id];
      });
      await vi.waitFor(() => expect(heardThere).toEqual(ids), { timeout: 1000 });
      expect(heardHere).toEqual(ids);

      await there.notify([ids[0]!]);
      await vi.waitFor(() => expect(heardHere).toEqual([...ids, ids[0]]), { timeout: 1000 });
    } finally {
      await here.close();
      await there.close();
      await otherDatabase?.close();
    }
  });

  test("nothing is announced for a transaction that rolls back", async () => {
    const { logger } = createTestLogger();
    const bus = createEventBus({ database, logger });
    const heard: number[] = [];
    await bus.subscribe((id) => heard.push(id));
    try {
      await database.db
        .transaction(async (tx) => {
          const event = await enqueueOutbox(tx, { topic: "t", aggregateId: "a", payload: {} });
          await notifyOutbox(tx, [event.id]);
          throw new Error("abort");
        })
        .catch(() => {});
      await bus.notify([]);
      await pause(200);
      expect(heard).toEqual([]);
    } finally {
      await bus.close();
    }
  });

  test("a failing listener does not stop the others; foreign payloads are ignored and logged", async () => {
    const { logger, lines } = createTestLogger();
    const bus = createEventBus({ database, logger });
    const heard: number[] = [];
    await bus.subscribe(() => {
      throw new Error("listener bug");
    });
    const unsubscribe = await bus.subscribe((id) => heard.push(id));
    try {
      await database.db.execute(sql`select pg_notify('entrada_outbox', 'not-an-id')`);
      await bus.notify([7]);
      await vi.waitFor(() => expect(heard).toEqual([7]));
      expect(lines.map((line) => line.msg)).toEqual([
        "ignored a notification that is not an outbox id",
        "outbox listener failed",
      ]);
      unsubscribe();
      await bus.notify([8]);
      await pause(100);
      expect(heard).toEqual([7]);
    } finally {
      await bus.close();
    }
    await expect(bus.subscribe(() => {})).rejects.toThrow("closed");
  });

  test("notifyOutbox refuses what is not an outbox id", async () => {
    await expect(notifyOutbox(database.db, [0])).rejects.toThrow(RangeError);
    await expect(notifyOutbox(database.db, [1.5])).rejects.toThrow(RangeError);
  });
});

describe.runIf(createTestDatabases().some((factory) => factory.name === "postgres"))(
  "createEventBus on PostgreSQL",
  () => {
    test("calls onReconnect after the listening connection was lost, and keeps delivering", async () => {
      const postgres = createTestDatabases().find((factory) => factory.name === "postgres")!;
      const database = await postgres.open({ migrate: false });
      const { logger } = createTestLogger();
      const bus = createEventBus({ database, logger });
      const heard: number[] = [];
      let reconnects = 0;
      try {
        await bus.subscribe((id) => heard.push(id), { onReconnect: () => (reconnects += 1) });
        await database.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN entrada_outbox'`,
        );
        await vi.waitFor(() => expect(reconnects).toBe(1), { timeout: 10_000 });
        await bus.notify([42]);
        await vi.waitFor(() => expect(heard).toEqual([42]));
      } finally {
        await bus.close();
        await database.close();
      }
    });
  },
);
