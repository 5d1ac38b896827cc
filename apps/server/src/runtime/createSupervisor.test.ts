import { Writable } from "node:stream";
import { ChainChangedDuringSyncError, ReorgTooDeepError } from "@entrada/chain";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createLogger } from "./createLogger.ts";
import { createSupervisor, type Supervisor } from "./createSupervisor.ts";

/** A logger writing parsed JSON lines into an array, through the server's serializers. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: "debug", destination }), lines };
}

/** A clock tests move by hand. */
function manualClock(start = "2026-03-01T12:00:00Z") {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const escrow = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

describe("createSupervisor", () => {
  test("a loop that throws a non-Error gets a readable log line, then goes on", async () => {
    const { logger, lines } = capture();
    const onFatal = vi.fn();
    supervisor = createSupervisor({ logger, onFatal, backoff: { initialMs: 5, maxMs: 5 } });
    let calls = 0;
    supervisor.start({
      name: "expiry",
      intervalMs: 5,
      tick: async () => {
        calls += 1;
        // What a JSON-RPC provider throws: a plain object.
        if (calls === 1) throw { code: -32603, message: "Internal error" };
      },
    });
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3));

    const failure = lines.find((line) => line.loop === "expiry" && line.level === 50)!;
    expect(failure).toMatchObject({
      msg: expect.stringMatching(/^loop expiry failed \(NonErrorThrownError\); retrying in \d+ ms$/),
      kind: "unexpected",
      code: "NonErrorThrownError",
      consecutiveFailures: 1,
      err: {
        type: "NonErrorThrownError",
        message: 'An object was thrown instead of an Error: Object { code: -32603, message: "Internal error" }',
        stack: expect.stringContaining("createSupervisor"),
      },
    });
    expect(lines.find((line) => line.afterFailures === 1)).toMatchObject({
      level: 30,
      msg: "loop expiry recovered after 1 failure(s)",
    });
    expect(supervisor.states()[0]).toMatchObject({
      errors: 1,
      consecutiveFailures: 0,
      lastError: { code: "NonErrorThrownError", kind: "unexpected", message: expect.stringContaining("An object") },
    });
    expect(onFatal).not.toHaveBeenCalled();
  });

  test("retryable errors back off exponentially, with jitter and a cap, and the loop recovers", async () => {
    const { logger, lines } = capture();
    const clock = manualClock();
    // random 0.5: each wait is three quarters of the doubling base, 8 → 16 → capped at 20.
    supervisor = createSupervisor({
      logger,
      onFatal: vi.fn(),
      clock: clock.now,
      backoff: { initialMs: 8, maxMs: 20 },
      random: () => 0.5,
      failureThreshold: 3,
    });
    const statuses: string[] = [];
    let calls = 0;
    supervisor.start({
      name: "indexer:31337",
      intervalMs: 5,
      tick: async () => {
        calls += 1;
        statuses.push(supervisor!.states()[0]!.status);
        if (calls <= 4) {
          const cause = new ChainChangedDuringSyncError({ blockNumber: 7n, expected: "0x01", actual: "0x02" });
          throw new Error("sync failed", { cause });
        }
        return { busy: calls === 5 };
      },
      measure: async () => ({ blocksBehind: 3 }),
    });
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(6));

    const retries = lines.filter((line) => line.loop === "indexer:31337" && line.level === 40);
    expect(retries.map((line) => line.retryInMs)).toEqual([6, 12, 15, 15]);
    expect(retries[0]).toMatchObject({
      kind: "retryable",
      code: "Error",
      err: { message: "sync failed", cause: { type: "ChainChangedDuringSyncError", code: "ENTRADA_CHAIN_CHANGED" } },
    });
    // Before each tick: not started, then failing in a row, over the threshold at three.
    expect(statuses.slice(0, 6)).toEqual(["starting", "retrying", "retrying", "failing", "failing", "ok"]);
    expect(supervisor.states()[0]).toMatchObject({
      status: "ok",
      consecutiveFailures: 0,
      errors: 4,
      lastSuccessAt: clock.now(),
      lag: { blocksBehind: 3 },
    });
  });

  test("a fatal error stops its loop with a structured log and calls onFatal once; other loops go on", async () => {
    const { logger, lines } = capture();
    const onFatal = vi.fn();
    supervisor = createSupervisor({ logger, onFatal });
    let indexerTicks = 0;
    let otherTicks = 0;
    supervisor.start({
      name: "indexer:31337",
      intervalMs: 1,
      tick: async () => {
        indexerTicks += 1;
        throw new ReorgTooDeepError({ chainId: 31337, address: escrow, finalizedBlock: 40n });
      },
    });
    supervisor.start({
      name: "outbox",
      intervalMs: 1,
      tick: async () => {
        otherTicks += 1;
      },
    });
    await vi.waitFor(() => expect(onFatal).toHaveBeenCalledTimes(1));

    const [error, loop] = onFatal.mock.calls[0]!;
    expect(loop).toBe("indexer:31337");
    expect(error).toBeInstanceOf(ReorgTooDeepError);
    expect(lines.find((line) => line.level === 60)).toMatchObject({
      loop: "indexer:31337",
      kind: "fatal",
      code: "ENTRADA_REORG_TOO_DEEP",
      msg: "loop indexer:31337 stopped on an error no retry can fix (ENTRADA_REORG_TOO_DEEP); stopping the process",
      err: { type: "ReorgTooDeepError", code: "ENTRADA_REORG_TOO_DEEP", stack: expect.any(String) },
    });
    const seen = otherTicks;
    await vi.waitFor(() => expect(otherTicks).toBeGreaterThan(seen + 2));
    expect(indexerTicks).toBe(1);
    expect(supervisor.states().map((state) => [state.name, state.status])).toEqual([
      ["indexer:31337", "fatal"],
      ["outbox", "ok"],
    ]);
    await supervisor.stop();
    expect(onFatal).toHaveBeenCalledTimes(1);
    expect(supervisor.states().map((state) => state.status)).toEqual(["fatal", "stopped"]);
  });

  test("a tick that never ends makes the loop stuck, and does not hold the shutdown", async () => {
    const { logger, lines } = capture();
    const clock = manualClock();
    supervisor = createSupervisor({ logger, onFatal: vi.fn(), clock: clock.now, stopTimeoutMs: 20 });
    supervisor.start({ name: "relayer", intervalMs: 1_000, stuckAfterMs: 30_000, tick: () => new Promise(() => {}) });
    expect(supervisor.states()[0]!.status).toBe("starting");
    clock.advance(30_001);
    expect(supervisor.states()[0]!.status).toBe("stuck");
    await supervisor.stop();
    expect(lines.at(-1)).toMatchObject({ level: 40, loops: ["relayer"], msg: expect.stringContaining("still busy") });
  });

  test("a busy tick runs again at once, an idle one waits, and wake ends the wait", async () => {
    const { logger } = capture();
    supervisor = createSupervisor({ logger, onFatal: vi.fn() });
    let ticks = 0;
    supervisor.start({
      name: "webhooks",
      intervalMs: 60_000,
      tick: async () => {
        ticks += 1;
        return { busy: ticks < 3 };
      },
    });
    await vi.waitFor(() => expect(ticks).toBe(3));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ticks).toBe(3);
    supervisor.wake("webhooks");
    await vi.waitFor(() => expect(ticks).toBe(4));
  });

  test("lag is measured at most every measureEveryMs, and a failing measure is logged once", async () => {
    const { logger, lines } = capture();
    const clock = manualClock();
    supervisor = createSupervisor({ logger, onFatal: vi.fn(), clock: clock.now });
    let measures = 0;
    let ticks = 0;
    supervisor.start({
      name: "outbox",
      intervalMs: 1,
      measureEveryMs: 1_000,
      tick: async () => {
        ticks += 1;
      },
      measure: async () => {
        measures += 1;
        if (measures > 1) throw new Error("database is restarting");
        return { backlog: 2, oldestAgeSeconds: 1.5 };
      },
    });
    await vi.waitFor(() => expect(ticks).toBeGreaterThan(5));
    expect(measures).toBe(1);
    clock.advance(1_000);
    await vi.waitFor(() => expect(measures).toBe(2));
    clock.advance(1_000);
    await vi.waitFor(() => expect(measures).toBe(3));
    expect(lines.filter((line) => line.msg === "could not measure the loop's lag")).toHaveLength(1);
    // The last good reading stays, with its time.
    expect(supervisor.states()[0]).toMatchObject({ lag: { backlog: 2, oldestAgeSeconds: 1.5 }, status: "ok" });
  });

  test("refuses two loops of one name and a backoff that cannot work", () => {
    const { logger } = capture();
    supervisor = createSupervisor({ logger, onFatal: vi.fn() });
    supervisor.start({ name: "expiry", intervalMs: 1_000, tick: async () => {} });
    expect(() => supervisor!.start({ name: "expiry", intervalMs: 1_000, tick: async () => {} })).toThrow(
      'a loop named "expiry" runs already',
    );
    expect(() => createSupervisor({ logger, onFatal: vi.fn(), backoff: { initialMs: 0, maxMs: 10 } })).toThrow(
      RangeError,
    );
  });
});
