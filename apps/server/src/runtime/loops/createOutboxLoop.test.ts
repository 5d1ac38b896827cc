import { outbox } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createMetrics } from "../createMetrics.ts";
import { createOutboxLoop } from "./createOutboxLoop.ts";

describe.each(createTestDatabases())("createOutboxLoop on $name", ({ open }) => {
  let database: TestDatabase;
  const now = new Date("2026-03-01T12:00:00Z");
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());

  test("the backlog is the events due and not handled, and its age the oldest's wait", async () => {
    const event = { topic: "application.state_changed", aggregateId: "a", payload: {} };
    await database.db.insert(outbox).values([
      { ...event, availableAt: ago(30) },
      { ...event, availableAt: ago(10) },
      // Handled, given up, and not due yet: none of them is backlog.
      { ...event, availableAt: ago(120), processedAt: ago(100) },
      { ...event, availableAt: ago(120), failedAt: ago(60), attempts: 10 },
      { ...event, availableAt: new Date(now.getTime() + 60_000) },
    ]);
    const metrics = createMetrics();
    const loop = createOutboxLoop({
      worker: { processOnce: async () => ({ claimed: 0, completed: 0, failed: 0 }) },
      db: database.db,
      intervalMs: 1_000,
      metrics,
      clock: () => now,
    });
    expect(await loop.measure!()).toEqual({ backlog: 2, oldestAgeSeconds: 30 });
    const text = await metrics.registry.metrics();
    expect(text).toContain("entrada_outbox_backlog 2");
    expect(text).toContain("entrada_outbox_oldest_age_seconds 30");
  });

  test("a pass that claimed events asks for another at once, and one that handled some wakes the webhooks", async () => {
    const onHandled = vi.fn();
    const passes = [
      { claimed: 3, completed: 2, failed: 1 },
      { claimed: 1, completed: 0, failed: 1 },
      { claimed: 0, completed: 0, failed: 0 },
    ];
    const loop = createOutboxLoop({
      worker: { processOnce: async () => passes.shift()! },
      db: database.db,
      intervalMs: 1_000,
      metrics: createMetrics(),
      clock: () => now,
      onHandled,
    });
    const signal = new AbortController().signal;
    expect(await loop.tick(signal)).toEqual({ busy: true });
    expect(onHandled).toHaveBeenCalledTimes(1);
    expect(await loop.tick(signal)).toEqual({ busy: true });
    expect(await loop.tick(signal)).toEqual({ busy: false });
    expect(onHandled).toHaveBeenCalledTimes(1);
  });
});
