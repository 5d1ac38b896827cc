import type { Logger } from "pino";
import { toError } from "../errors/toError.ts";
import { serializeError } from "../http/serializeError.ts";
import { classifyLoopError, type LoopErrorKind } from "./classifyLoopError.ts";

/** What one tick of a loop did: `busy` when there may be more work at once (no wait before the next). */
export type LoopTickReturnType = { busy?: boolean } | undefined;

/**
 * How far behind a loop is, by its own measures: blocks behind the head, rows waiting, seconds of
 * the oldest, transactions pending. Whole numbers or seconds; names in camelCase.
 */
export type LoopLag = Readonly<Record<string, number>>;

/** A background loop for {@link Supervisor.start}. */
export type SupervisedLoop = {
  /** Unique within the supervisor, e.g. `indexer:8453`, `outbox`. */
  name: string;
  /** Wait after a tick that found nothing to do, in ms. */
  intervalMs: number;
  /**
   * One pass of the loop's work; resolves to `{ busy: true }` ({@link LoopTickReturnType}) when there
   * may be more at once, to anything else when the loop may wait. A throw is an error the supervisor
   * classifies, logs and backs off on.
   */
  tick(signal: AbortSignal): Promise<unknown>;
  /** Measures the loop's lag; called after a successful tick, at most every `measureEveryMs`. */
  measure?: (() => Promise<LoopLag>) | undefined;
  /** Default 5 s. Slow readings (an RPC balance) deserve longer. */
  measureEveryMs?: number | undefined;
  /** A tick running longer than this makes the loop `stuck`. Default the larger of 60 s and 3 × `intervalMs`. */
  stuckAfterMs?: number | undefined;
};

/**
 * A loop's condition: `starting` (no tick finished yet), `ok`, `retrying` (failed lately, under the
 * threshold), `failing` (at or over the threshold of consecutive failures), `stuck` (one tick has run
 * too long), `stopped`, `fatal` (stopped on an error no retry fixes).
 */
export type LoopStatus = "starting" | "ok" | "retrying" | "failing" | "stuck" | "stopped" | "fatal";

/** The last error of a loop, as safe to show as to log: a code, a short scrubbed message, when. */
export type LoopError = { code: string; kind: LoopErrorKind; message: string; at: Date };

/** What {@link Supervisor.states} reports per loop. */
export type LoopState = {
  name: string;
  status: LoopStatus;
  /** Ticks finished, successful or not. */
  iterations: number;
  /** Ticks that failed, since start. */
  errors: number;
  consecutiveFailures: number;
  lastSuccessAt: Date | null;
  lastError: LoopError | null;
  /** The last measured lag (see {@link SupervisedLoop.measure}), and when it was measured. */
  lag: LoopLag | null;
  lagAt: Date | null;
};

/** Parameters of {@link createSupervisor}. */
export type CreateSupervisorParameters = {
  logger: Logger;
  /**
   * Called once, with the error and the loop, when a loop meets a fatal error; the loop has stopped
   * and logged it. The owner stops the rest and exits non-zero (server.ts: `process.exit(1)` after
   * closing), so that a process manager restarts it.
   */
  onFatal: (error: Error, loop: string) => void | Promise<void>;
  /** Now. Default the system clock. */
  clock?: (() => Date) | undefined;
  /** Backoff after consecutive failures: `initialMs`, doubling, capped at `maxMs`. Default 1 s to 60 s. */
  backoff?: { initialMs: number; maxMs: number } | undefined;
  /** In [0, 1): the jitter of each backoff. Default `Math.random`. */
  random?: (() => number) | undefined;
  /** Consecutive failures from which a loop counts as `failing` (readiness fails). Default 5. */
  failureThreshold?: number | undefined;
  /** Longest wait in {@link Supervisor.stop} for the ticks in flight, in ms. Default 10 s. */
  stopTimeoutMs?: number | undefined;
};

/** What {@link createSupervisor} returns. */
export type Supervisor = {
  /** Starts `loop` now; it runs until {@link Supervisor.stop} or a fatal error. */
  start(loop: SupervisedLoop): void;
  /** Ends the wait of the loop `name` (new work was announced); a no-op when it is busy or unknown. */
  wake(name: string): void;
  /** Each loop's condition, in start order. */
  states(): LoopState[];
  /**
   * Stops every loop and waits for the ticks in flight to end, at most `stopTimeoutMs`: a tick stuck
   * on a dead connection must not hold the process' shutdown.
   */
  stop(): Promise<void>;
};

/** Where a loop stands, kept by the supervisor. */
type Entry = {
  loop: SupervisedLoop;
  phase: "running" | "stopped" | "fatal";
  iterations: number;
  errors: number;
  consecutiveFailures: number;
  lastSuccessAt: Date | null;
  lastError: LoopError | null;
  lag: LoopLag | null;
  lagAt: Date | null;
  /** When the tick in flight began; `null` between ticks. */
  tickStartedAt: Date | null;
  measureFailing: boolean;
  wake: (() => void) | undefined;
  done: Promise<void>;
};

/**
 * Runs Entrada's background loops (indexer, outbox, relayers, webhooks, expiry, settlements) and
 * watches them. Each loop ticks, waits `intervalMs` when idle and goes on at once when busy. An
 * error is logged with its cause and stack (a thrown non-Error is wrapped in an Error that says what
 * it was), classified by {@link classifyLoopError}, and then:
 * - retryable or unexpected: the loop waits an exponential backoff with jitter (capped) and goes on;
 *   the first success after failures is logged;
 * - fatal: the loop stops, a `fatal` line says why, and `onFatal` is called once.
 *
 * Each loop records iterations, errors, consecutive failures, its last success and error, and its
 * lag where it measures one; {@link Supervisor.states} feeds `/health/ready` and `/metrics`.
 *
 * @example
 * const supervisor = createSupervisor({ logger, onFatal: () => process.exit(1) });
 * supervisor.start({ name: "expiry", intervalMs: 30_000, tick: () => expiry.expireOverdue() });
 * // on shutdown
 * await supervisor.stop();
 */
export function createSupervisor(parameters: CreateSupervisorParameters): Supervisor {
  const { logger, onFatal, clock = () => new Date(), random = Math.random } = parameters;
  const { failureThreshold = 5, stopTimeoutMs = 10_000 } = parameters;
  const { initialMs, maxMs } = parameters.backoff ?? { initialMs: 1_000, maxMs: 60_000 };
  if (!(initialMs > 0 && maxMs >= initialMs)) {
    throw new RangeError(`createSupervisor: backoff needs 0 < initialMs ≤ maxMs, got ${initialMs} and ${maxMs}`);
  }
  const entries = new Map<string, Entry>();
  const stopping = new AbortController();
  let fatalReported = false;

  /** Resolves after `ms`, or at once on stop or {@link Supervisor.wake}. */
  function pause(entry: Entry, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stopping.signal.removeEventListener("abort", done);
        entry.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopping.signal.addEventListener("abort", done);
      entry.wake = done;
    });
  }

  /** The wait after the `failures`-th failure in a row: doubling from `initialMs`, capped, less a random part of up to half. */
  function backoffMs(failures: number): number {
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 30));
    return Math.round(base * (0.5 + random() / 2));
  }

  async function measure(entry: Entry): Promise<void> {
    const { measure, measureEveryMs = 5_000 } = entry.loop;
    if (measure === undefined) return;
    const now = clock();
    if (entry.lagAt !== null && now.getTime() - entry.lagAt.getTime() < measureEveryMs) return;
    try {
      entry.lag = await measure();
      entry.lagAt = clock();
      entry.measureFailing = false;
    } catch (thrown) {
      // Logged once per spell of failures; the tick's own failures say the rest.
      if (!entry.measureFailing) {
        logger.warn({ loop: entry.loop.name, err: toError(thrown) }, "could not measure the loop's lag");
      }
      entry.measureFailing = true;
      // Try again at the next interval, not at the next tick.
      entry.lagAt = now;
    }
  }

  async function run(entry: Entry): Promise<void> {
    const { loop } = entry;
    const signal = stopping.signal;
    while (!signal.aborted) {
      let busy = false;
      entry.tickStartedAt = clock();
      try {
        const result = await loop.tick(signal);
        busy = (result as LoopTickReturnType)?.busy === true;
        entry.tickStartedAt = null;
        entry.iterations += 1;
        entry.lastSuccessAt = clock();
        if (entry.consecutiveFailures > 0) {
          logger.info(
            { loop: loop.name, afterFailures: entry.consecutiveFailures },
            `loop ${loop.name} recovered after ${entry.consecutiveFailures} failure(s)`,
          );
          entry.consecutiveFailures = 0;
        }
        await measure(entry);
      } catch (thrown) {
        entry.tickStartedAt = null;
        // Closing the database under a tick in flight is shutdown, not a failure.
        if (signal.aborted) break;
        const error = toError(thrown);
        const kind = classifyLoopError(thrown);
        entry.iterations += 1;
        entry.errors += 1;
        entry.consecutiveFailures += 1;
        entry.lastError = summarize(error, kind, clock());
        const fields = {
          loop: loop.name,
          err: error,
          code: entry.lastError.code,
          kind,
          consecutiveFailures: entry.consecutiveFailures,
        };
        if (kind === "fatal") {
          entry.phase = "fatal";
          logger.fatal(
            fields,
            `loop ${loop.name} stopped on an error no retry can fix (${entry.lastError.code}); stopping the process`,
          );
          reportFatal(error, loop.name);
          return;
        }
        const retryInMs = backoffMs(entry.consecutiveFailures);
        const line = `loop ${loop.name} failed (${entry.lastError.code}); retrying in ${retryInMs} ms`;
        if (kind === "retryable") logger.warn({ ...fields, retryInMs }, line);
        else logger.error({ ...fields, retryInMs }, line);
        await pause(entry, retryInMs);
        continue;
      }
      if (!busy && !signal.aborted) await pause(entry, loop.intervalMs);
    }
    entry.phase = "stopped";
  }

  function reportFatal(error: Error, loop: string): void {
    if (fatalReported) return;
    fatalReported = true;
    // After the loop's promise settles: the owner's shutdown waits for every loop, this one included.
    setImmediate(() => {
      Promise.resolve()
        .then(() => onFatal(error, loop))
        .catch((failure: unknown) => logger.error({ err: toError(failure), loop }, "onFatal failed"));
    });
  }

  function statusOf(entry: Entry, now: Date): LoopStatus {
    if (entry.phase !== "running") return entry.phase;
    const stuckAfterMs = entry.loop.stuckAfterMs ?? Math.max(60_000, 3 * entry.loop.intervalMs);
    if (entry.tickStartedAt !== null && now.getTime() - entry.tickStartedAt.getTime() > stuckAfterMs) return "stuck";
    if (entry.consecutiveFailures >= failureThreshold) return "failing";
    if (entry.consecutiveFailures > 0) return "retrying";
    return entry.iterations === 0 ? "starting" : "ok";
  }

  return {
    start(loop) {
      if (entries.has(loop.name)) throw new Error(`createSupervisor: a loop named "${loop.name}" runs already`);
      if (stopping.signal.aborted) throw new Error("createSupervisor: stopped; start a new supervisor");
      const entry: Entry = {
        loop,
        phase: "running",
        iterations: 0,
        errors: 0,
        consecutiveFailures: 0,
        lastSuccessAt: null,
        lastError: null,
        lag: null,
        lagAt: null,
        tickStartedAt: null,
        measureFailing: false,
        wake: undefined,
        done: Promise.resolve(),
      };
      entries.set(loop.name, entry);
      entry.done = run(entry).catch((thrown: unknown) => {
        // run catches every tick's error; this is a bug of the supervisor itself, and must still be heard.
        entry.phase = "fatal";
        logger.fatal({ loop: loop.name, err: toError(thrown) }, `supervisor of loop ${loop.name} failed`);
        reportFatal(toError(thrown), loop.name);
      });
    },

    wake(name) {
      entries.get(name)?.wake?.();
    },

    states() {
      const now = clock();
      return [...entries.values()].map((entry) => ({
        name: entry.loop.name,
        status: statusOf(entry, now),
        iterations: entry.iterations,
        errors: entry.errors,
        consecutiveFailures: entry.consecutiveFailures,
        lastSuccessAt: entry.lastSuccessAt,
        lastError: entry.lastError,
        lag: entry.lag,
        lagAt: entry.lagAt,
      }));
    },

    async stop() {
      stopping.abort();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), stopTimeoutMs);
      });
      const outcome = await Promise.race([Promise.all([...entries.values()].map((entry) => entry.done)), timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        const busy = [...entries.values()]
          .filter((entry) => entry.tickStartedAt !== null)
          .map((entry) => entry.loop.name);
        logger.warn({ loops: busy, stopTimeoutMs }, "loops still busy at shutdown; not waiting for them");
      }
    },
  };
}

/** Longest message kept of a loop's last error. */
const maxMessage = 200;

/**
 * The loop's last error as `/health/ready` may show it: the stable code (else the system code or
 * the error's name) and the short message, scrubbed like the logs (no URL paths, addresses, tokens).
 */
function summarize(error: Error, kind: LoopErrorKind, at: Date): LoopError {
  const serialized = serializeError(error);
  const { code } = error as { code?: unknown };
  const text = typeof serialized.shortMessage === "string" ? serialized.shortMessage : String(serialized.message);
  return {
    code: typeof code === "string" && code.length > 0 ? code.slice(0, 64) : error.name,
    kind,
    message: text.length > maxMessage ? `${text.slice(0, maxMessage)}…` : text,
    at,
  };
}
