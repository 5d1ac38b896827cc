import { setTimeout as sleep } from "node:timers/promises";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { outbox } from "../schema/outbox.ts";
import { createTestDatabases, type TestDatabase } from "../testing/createTestDatabases.ts";
import { resetDatabase } from "../testing/resetDatabase.ts";
import { claimOutbox } from "./claimOutbox.ts";
import { completeOutbox } from "./completeOutbox.ts";
import { enqueueOutbox } from "./enqueueOutbox.ts";
import { renewOutboxClaim } from "./renewOutboxClaim.ts";

describe.each(createTestDatabases())("renewOutboxClaim on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());
  beforeEach(() => resetDatabase(database.db));

  async function enqueue(count: number) {
    for (let i = 0; i < count; i += 1) {
      await enqueueOutbox(database.db, { topic: "application.paid", aggregateId: `app-${i}`, payload: { i } });
    }
  }
  const lockedUntil = async (ids: number[]) =>
    (await database.db.select().from(outbox).where(inArray(outbox.id, ids))).map((row) => row.lockedUntil!.getTime());

  test("keeps a live worker's short claim from running out, so no other worker takes its events", async () => {
    await enqueue(2);
    const claimed = await claimOutbox(database.db, { limit: 2, lockMs: 1_000, workerId: "w1" });
    const ids = claimed.map((message) => message.id);
    const before = Date.now();
    expect(await renewOutboxClaim(database.db, { ids, workerId: "w1", lockMs: 60_000 })).toEqual(ids);
    for (const until of await lockedUntil(ids)) expect(until).toBeGreaterThan(before + 55_000);
    // Past the first claim's second, the renewed claim still holds.
    await sleep(1_100);
    expect(await claimOutbox(database.db, { limit: 10, lockMs: 1_000, workerId: "w2" })).toEqual([]);
  });

  test("renews only what the worker still holds: not another's, not a processed event", async () => {
    await enqueue(3);
    const [a, b, c] = await claimOutbox(database.db, { limit: 3, lockMs: 30_000, workerId: "w1" });
    await completeOutbox(database.db, { id: a!.id, workerId: "w1" });
    // b's claim ran out and w2 took it over.
    await database.db.execute(sql`update outbox set locked_until = now() - interval '1 second' where id = ${b!.id}`);
    const [taken] = await claimOutbox(database.db, { limit: 1, lockMs: 30_000, workerId: "w2" });
    expect(taken!.id).toBe(b!.id);
    const ids = [a!.id, b!.id, c!.id];
    expect(await renewOutboxClaim(database.db, { ids, workerId: "w1", lockMs: 30_000 })).toEqual([c!.id]);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, b!.id));
    expect(row?.lockedBy).toBe("w2");
    expect(await renewOutboxClaim(database.db, { ids: [], workerId: "w1", lockMs: 30_000 })).toEqual([]);
    await expect(renewOutboxClaim(database.db, { ids, workerId: "w1", lockMs: 0 })).rejects.toThrow(RangeError);
  });
});
