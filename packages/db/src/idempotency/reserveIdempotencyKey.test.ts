import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { idempotencyKeys } from "../schema/idempotency.ts";
import { createTestDatabases, type TestDatabase } from "../testing/createTestDatabases.ts";
import { completeIdempotencyKey } from "./completeIdempotencyKey.ts";
import { releaseIdempotencyKey } from "./releaseIdempotencyKey.ts";
import { reserveIdempotencyKey } from "./reserveIdempotencyKey.ts";

const day = 86_400_000;

describe.each(createTestDatabases())("idempotency keys on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());

  const request = (key: string, requestHash = "hash-a") => ({
    scope: "user:1",
    key,
    requestHash,
    ttlMs: day,
    lockMs: 60_000,
  });

  /** Moves a column of the key's row into the past, as if time had passed. */
  async function age(key: string, column: "locked_until" | "expires_at") {
    await database.db.execute(
      sql`update idempotency_keys set ${sql.identifier(column)} = now() - interval '1 second' where key = ${key}`,
    );
  }

  test("a new key is reserved, then its response replayed to retries", async () => {
    const { db } = database;
    expect(await reserveIdempotencyKey(db, request("k1"))).toEqual({ type: "reserved" });
    expect(await reserveIdempotencyKey(db, request("k1"))).toEqual({ type: "in_progress" });
    const body = { id: "app-1", amount: "40000000" };
    expect(
      await completeIdempotencyKey(db, { scope: "user:1", key: "k1", responseStatus: 201, responseBody: body }),
    ).toBe(true);
    expect(await reserveIdempotencyKey(db, request("k1"))).toEqual({
      type: "replay",
      responseStatus: 201,
      responseBody: body,
    });
    // A response is stored once.
    expect(
      await completeIdempotencyKey(db, { scope: "user:1", key: "k1", responseStatus: 500, responseBody: null }),
    ).toBe(false);
    const [row] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, "user:1"), eq(idempotencyKeys.key, "k1")));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(day);
  });

  test("the same key with other parameters is a mismatch, even while running", async () => {
    const { db } = database;
    expect(await reserveIdempotencyKey(db, request("k2"))).toEqual({ type: "reserved" });
    expect(await reserveIdempotencyKey(db, request("k2", "hash-b"))).toEqual({ type: "mismatch" });
    await completeIdempotencyKey(db, { scope: "user:1", key: "k2", responseStatus: 200, responseBody: null });
    expect(await reserveIdempotencyKey(db, request("k2", "hash-b"))).toEqual({ type: "mismatch" });
    expect(await reserveIdempotencyKey(db, request("k2"))).toEqual({
      type: "replay",
      responseStatus: 200,
      responseBody: null,
    });
  });

  test("keys are per scope", async () => {
    const { db } = database;
    expect(await reserveIdempotencyKey(db, request("k3"))).toEqual({ type: "reserved" });
    expect(await reserveIdempotencyKey(db, { ...request("k3", "hash-b"), scope: "api_key:7" })).toEqual({
      type: "reserved",
    });
  });

  test("a request that died holding its key is taken over by a retry once the lock is past", async () => {
    const { db } = database;
    expect(await reserveIdempotencyKey(db, request("k4"))).toEqual({ type: "reserved" });
    await age("k4", "locked_until");
    expect(await reserveIdempotencyKey(db, request("k4", "hash-b"))).toEqual({ type: "mismatch" });
    expect(await reserveIdempotencyKey(db, request("k4"))).toEqual({ type: "reserved" });
  });

  test("an expired key is free again, whatever its parameters", async () => {
    const { db } = database;
    await reserveIdempotencyKey(db, request("k5"));
    await completeIdempotencyKey(db, { scope: "user:1", key: "k5", responseStatus: 201, responseBody: {} });
    await age("k5", "expires_at");
    expect(await reserveIdempotencyKey(db, request("k5", "hash-b"))).toEqual({ type: "reserved" });
    const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "k5"));
    expect(row).toMatchObject({ requestHash: "hash-b", responseStatus: null, responseBody: null, completedAt: null });
  });

  test("a released key can be reserved again; a completed one is not released", async () => {
    const { db } = database;
    await reserveIdempotencyKey(db, request("k6"));
    await releaseIdempotencyKey(db, { scope: "user:1", key: "k6" });
    expect(await reserveIdempotencyKey(db, request("k6", "hash-b"))).toEqual({ type: "reserved" });
    await completeIdempotencyKey(db, { scope: "user:1", key: "k6", responseStatus: 201, responseBody: { ok: true } });
    await releaseIdempotencyKey(db, { scope: "user:1", key: "k6" });
    expect(await reserveIdempotencyKey(db, request("k6", "hash-b"))).toMatchObject({ type: "replay" });
  });

  test("of requests racing with one key, exactly one reserves it", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => reserveIdempotencyKey(database.db, request("k7"))),
    );
    expect(results.filter((result) => result.type === "reserved")).toHaveLength(1);
    expect(results.filter((result) => result.type === "in_progress")).toHaveLength(7);
  });
});
