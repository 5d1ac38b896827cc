import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import pino from "pino";
import { HttpRequestError } from "viem";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createSupervisor, type Supervisor } from "../runtime/createSupervisor.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";

describe.each(createTestDatabases())("health routes on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let supervisor: Supervisor;
  let now = Date.parse("2026-03-01T12:00:00Z");
  const clock = () => new Date(now);

  beforeAll(async () => {
    database = await open();
    supervisor = createSupervisor({
      logger: pino({ level: "silent" }),
      onFatal: vi.fn(),
      clock,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      failureThreshold: 1,
    });
    t = await createTestApp({ db: database.db, loops: supervisor.states });
  });
  afterAll(async () => {
    await supervisor.stop();
    await t.app.close();
    await database.close();
  });

  const ready = () => t.app.inject({ method: "GET", url: "/api/v1/health/ready" });

  test("/health is liveness and the database; /health/ready is ready while every loop does its work", async () => {
    const health = await t.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok", checks: { database: "ok" }, chainId: 31337, chainIds: [31337] });

    supervisor.start({
      name: "outbox",
      intervalMs: 10,
      tick: async () => {},
      measure: async () => ({ backlog: 0, oldestAgeSeconds: 0 }),
    });
    await vi.waitFor(() => expect(supervisor.states()[0]!.lag).not.toBeNull());
    const response = await ready();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: "ready",
      checks: { database: "ok", loops: "ok" },
      chainId: 31337,
      chainIds: [31337],
      loops: [
        {
          name: "outbox",
          status: "ok",
          iterations: expect.any(Number),
          errors: 0,
          consecutiveFailures: 0,
          lastSuccessAt: "2026-03-01T12:00:00.000Z",
          lastError: null,
          lag: { backlog: 0, oldestAgeSeconds: 0 },
          lagAt: "2026-03-01T12:00:00.000Z",
        },
      ],
    });
  });

  test("a stuck loop makes the process unready, and says which", async () => {
    supervisor.start({ name: "relayer", intervalMs: 1_000, stuckAfterMs: 30_000, tick: () => new Promise(() => {}) });
    expect((await ready()).statusCode).toBe(200);
    now += 30_001;
    const response = await ready();
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: "unready",
      checks: { database: "ok", loops: "failing" },
      loops: [
        { name: "outbox", status: "ok" },
        { name: "relayer", status: "stuck", iterations: 0, lastSuccessAt: null },
      ],
    });
  });

  test("a failing loop shows its last error as a code and a scrubbed message, never a secret", async () => {
    supervisor.start({
      name: "indexer:31337",
      intervalMs: 10,
      tick: async () => {
        throw new HttpRequestError({ url: "https://base-mainnet.example/v2/SECRET-API-KEY", details: "fetch failed" });
      },
    });
    await vi.waitFor(() => expect(supervisor.states()[2]!.consecutiveFailures).toBe(1));
    const response = await ready();
    expect(response.statusCode).toBe(503);
    const indexer = response.json().loops[2];
    expect(indexer).toMatchObject({
      name: "indexer:31337",
      status: "failing",
      errors: 1,
      lastError: {
        code: "HttpRequestError",
        kind: "retryable",
        message: "HTTP request failed.",
        at: expect.any(String),
      },
    });
    expect(response.body).not.toContain("SECRET-API-KEY");
    expect(response.body).not.toContain("base-mainnet.example/v2");
  });

  test("with the database down both answer 503", async () => {
    await database.close();
    const health = await t.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: "degraded", checks: { database: "failing" } });
    const response = await ready();
    expect(response.statusCode).toBe(503);
    expect(response.json().checks.database).toBe("failing");
    database = { ...database, close: async () => {} };
  });
});
