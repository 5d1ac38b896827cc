import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createDatabase } from "../createDatabase.ts";
import { outbox } from "../schema/outbox.ts";
import { createTestDatabases, type TestDatabase } from "../testing/createTestDatabases.ts";
import { resetDatabase } from "../testing/resetDatabase.ts";
import { claimOutbox } from "./claimOutbox.ts";
import { completeOutbox } from "./completeOutbox.ts";
import { enqueueOutbox } from "./enqueueOutbox.ts";
import { failOutbox, outboxBackoffMs } from "./failOutbox.ts";

const lockMs = 30_000;

describe("outboxBackoffMs", () => {
  test("doubles from one second up to one hour", () => {
    expect([1, 2, 3, 4, 10, 12, 13, 50].map(outboxBackoffMs)).toEqual([
      1000, 2000, 4000, 8000, 512_000, 2_048_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe.each(createTestDatabases())("outbox on $name", ({ name, open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());
  beforeEach(() => resetDatabase(database.db));

  async function enqueue(count: number, topic = "application.paid") {
    for (let i = 0; i < count; i += 1) {
      await enqueueOutbox(database.db, { topic, aggregateId: `app-${i}`, payload: { i } });
    }
  }

  /** Moves the row's clocks into the past, as if time had passed. */
  async function age(id: number, column: "locked_until" | "available_at") {
    await database.db.execute(
      sql`update outbox set ${sql.identifier(column)} = now() - interval '1 second' where id = ${id}`,
    );
  }

  test("claims the oldest pending events, at most limit, for lockMs", async () => {
    await enqueue(5);
    const before = Date.now();
    const claimed = await claimOutbox(database.db, { limit: 3, lockMs, workerId: "w1" });
    expect(claimed.map((message) => [message.id, message.aggregateId, message.attempts, message.lockedBy])).toEqual([
      [1, "app-0", 1, "w1"],
      [2, "app-1", 1, "w1"],
      [3, "app-2", 1, "w1"],
    ]);
    for (const message of claimed) {
      expect(message.lockedUntil!.getTime()).toBeGreaterThan(before + lockMs - 5000);
      expect(message.lockedUntil!.getTime()).toBeLessThan(Date.now() + lockMs + 5000);
    }
    expect((await claimOutbox(database.db, { limit: 10, lockMs, workerId: "w2" })).map((m) => m.id)).toEqual([4, 5]);
    expect(await claimOutbox(database.db, { limit: 10, lockMs, workerId: "w3" })).toEqual([]);
  });

  test("claims only the topic asked for, and nothing before available_at", async () => {
    await enqueue(2, "email");
    await enqueue(1, "webhook");
    await enqueueOutbox(database.db, {
      topic: "webhook",
      aggregateId: "later",
      payload: {},
      availableAt: new Date(Date.now() + 60_000),
    });
    const claimed = await claimOutbox(database.db, { topic: "webhook", limit: 10, lockMs, workerId: "w1" });
    expect(claimed.map((message) => [message.topic, message.aggregateId])).toEqual([["webhook", "app-0"]]);
  });

  test("an expired claim can be taken over; only the current holder completes", async () => {
    await enqueue(1);
    const [first] = await claimOutbox(database.db, { limit: 1, lockMs, workerId: "w1" });
    await age(first!.id, "locked_until");
    const [second] = await claimOutbox(database.db, { limit: 1, lockMs, workerId: "w2" });
    expect(second).toMatchObject({ id: first!.id, attempts: 2, lockedBy: "w2" });

    expect(await completeOutbox(database.db, { id: first!.id, workerId: "w1" })).toBe(false);
    expect(await completeOutbox(database.db, { id: first!.id, workerId: "w2" })).toBe(true);
    expect(await completeOutbox(database.db, { id: first!.id, workerId: "w2" })).toBe(false);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, first!.id));
    expect(row).toMatchObject({ lockedUntil: null, lockedBy: "w2", lastError: null });
    expect(row?.processedAt).toBeInstanceOf(Date);
    // Processed events are never claimed again, even once their lock time is past.
    expect(await claimOutbox(database.db, { limit: 10, lockMs: 1, workerId: "w3" })).toEqual([]);
  });

  test("a failed attempt is retried after the backoff, until maxAttempts", async () => {
    await enqueue(1);
    const [message] = await claimOutbox(database.db, { limit: 1, lockMs, workerId: "w1" });
    const id = message!.id;
    expect(await failOutbox(database.db, { id, workerId: "w2", error: "not mine" })).toEqual({ type: "not_claimed" });

    const before = Date.now();
    const retry = await failOutbox(database.db, { id, workerId: "w1", error: "SMTP 451", maxAttempts: 2 });
    expect(retry).toMatchObject({ type: "retry", attempts: 1 });
    if (retry.type !== "retry") throw new Error("unreachable");
    expect(retry.availableAt.getTime()).toBeGreaterThan(before + outboxBackoffMs(1) - 5000);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ lockedBy: null, lockedUntil: null, lastError: "SMTP 451", processedAt: null });
    // Not claimable during the backoff, claimable after it.
    expect(await claimOutbox(database.db, { limit: 1, lockMs, workerId: "w1" })).toEqual([]);
    await age(id, "available_at");
    const [again] = await claimOutbox(database.db, { limit: 1, lockMs, workerId: "w1" });
    expect(again).toMatchObject({ id, attempts: 2 });

    const failed = await failOutbox(database.db, { id, workerId: "w1", error: "x".repeat(5000), maxAttempts: 2 });
    expect(failed).toMatchObject({ type: "failed", attempts: 2, failedAt: expect.any(Date) });
    const [dead] = await database.db.select().from(outbox).where(eq(outbox.id, id));
    expect(dead?.lastError).toHaveLength(2000);
    await age(id, "available_at");
    expect(await claimOutbox(database.db, { limit: 1, lockMs, workerId: "w1" })).toEqual([]);
    expect(await completeOutbox(database.db, { id, workerId: "w1" })).toBe(false);
  });

  test("an event enqueued in a rolled-back transaction never exists", async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await enqueueOutbox(tx, { topic: "application.paid", aggregateId: "a", payload: {} });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await claimOutbox(database.db, { limit: 10, lockMs, workerId: "w1" })).toEqual([]);
  });

  test("claims inside a caller's transaction, undone with it", async () => {
    await enqueue(2);
    await expect(
      database.db.transaction(async (tx) => {
        expect(await claimOutbox(tx, { limit: 1, lockMs, workerId: "w1" })).toHaveLength(1);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect((await claimOutbox(database.db, { limit: 10, lockMs, workerId: "w2" })).map((m) => m.id)).toEqual([1, 2]);
  });

  test("refuses a limit or lock time that is not a positive integer", async () => {
    await expect(claimOutbox(database.db, { limit: 0, lockMs, workerId: "w" })).rejects.toThrow(RangeError);
    await expect(claimOutbox(database.db, { limit: 1, lockMs: 0.5, workerId: "w" })).rejects.toThrow(RangeError);
  });

  test("concurrent claimers never get the same event, and together get every event", async () => {
    const total = 200;
    await database.db
      .insert(outbox)
      .values(Array.from({ length: total }, (_, i) => ({ topic: "t", aggregateId: `a${i}`, payload: { i } })));
    // On PostgreSQL a second pool stands for a second process; PGlite has one connection.
    const other = name === "postgres" ? createDatabase({ url: database.url, maxConnections: 4 }) : undefined;
    try {
      const executors = [database.db, other?.db ?? database.db];
      const claimers = Array.from({ length: 8 }, async (_, worker) => {
        const db = executors[worker % 2]!;
        const ids: number[] = [];
        for (;;) {
          const claimed = await claimOutbox(db, { limit: 7, lockMs, workerId: `w${worker}` });
          if (claimed.length === 0) return ids;
          ids.push(...claimed.map((message) => message.id));
        }
      });
      const claimedBy = await Promise.all(claimers);
      const all = claimedBy.flat();
      expect(all).toHaveLength(total);
      expect(new Set(all).size).toBe(total);
      if (name === "postgres") expect(claimedBy.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
      const [attempts] = await database.db.select({ max: sql<number>`max(${outbox.attempts})` }).from(outbox);
      expect(attempts).toEqual({ max: 1 });
    } finally {
      await other?.close();
    }
  });
});
