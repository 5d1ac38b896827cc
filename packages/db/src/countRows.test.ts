import { count, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countRows, toCount } from "./countRows.ts";
import { queryRows } from "./queryRows.ts";
import { outbox } from "./schema/outbox.ts";
import { createTestDatabases, type TestDatabase } from "./testing/createTestDatabases.ts";

describe("toCount", () => {
  test("reads the count of either driver as a number", () => {
    expect([toCount("3"), toCount(3), toCount(3n), toCount("0")]).toEqual([3, 3, 3, 0]);
  });

  test("refuses what is not a count", () => {
    expect(() => toCount("9007199254740993")).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Not a count: 9007199254740993]`,
    );
    expect(() => toCount(undefined)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Not a count: undefined]`);
    expect(() => toCount("1.5")).toThrowErrorMatchingInlineSnapshot(`[TypeError: Not a count: 1.5]`);
  });
});

describe.each(createTestDatabases())("counts on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
    await database.db.insert(outbox).values([
      { topic: "a", aggregateId: "1", payload: {} },
      { topic: "a", aggregateId: "2", payload: {} },
      { topic: "b", aggregateId: "3", payload: {} },
    ]);
  });
  afterAll(() => database.close());

  test("countRows counts all rows or those matching", async () => {
    expect(await countRows(database.db, outbox)).toBe(3);
    expect(await countRows(database.db, outbox, eq(outbox.topic, "a"))).toBe(2);
    expect(await countRows(database.db, outbox, eq(outbox.topic, "none"))).toBe(0);
  });

  test("raw int8 values have one type on both drivers: a string", async () => {
    const [row] = await queryRows<{ n: unknown; id: unknown }>(
      database.db,
      sql`select count(*) as n, max(id) as id from outbox`,
    );
    expect(row).toEqual({ n: "3", id: "3" });
    expect(toCount(row?.n)).toBe(3);
  });

  test("Drizzle's count() and bigserial ids are numbers", async () => {
    const [row] = await database.db.select({ n: count() }).from(outbox).where(isNull(outbox.processedAt));
    expect(row).toEqual({ n: 3 });
    const ids = await database.db.select({ id: outbox.id }).from(outbox).orderBy(outbox.id);
    expect(ids).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});
