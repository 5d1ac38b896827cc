import { fork } from "node:child_process";

/** One request a connection sends again and again; `[<id>]` anywhere in it becomes a fresh id per request. */
export type LoadRequest = {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
};

/** Parameters of {@link runAutocannon}. */
export type RunAutocannonParameters = {
  /** `http://host:port` of the server. */
  url: string;
  connections: number;
  durationSeconds: number;
  /** A first run of this length, reported apart, so that the measured run finds the JIT and caches warm. */
  warmupSeconds: number;
  /** Connection i sends `requests[i % requests.length]`. */
  requests: readonly LoadRequest[];
  /** At most this many requests a second, over all connections (autocannon's `overallRate`); unset: as fast as answered. */
  overallRate?: number | undefined;
};

/** What autocannon measured: RPS is the mean of its per-second samples; latencies of 2xx answers, in ms. */
export type LoadFigures = {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
};

/** The job {@link runAutocannon} sends its child. */
export type AutocannonJob = Omit<RunAutocannonParameters, "requests"> & { requests: LoadRequest[] };

/** The child's answer. */
export type AutocannonOutcome =
  | { ok: true; warmup: LoadFigures | undefined; measured: LoadFigures }
  | { ok: false; error: string };

/** Thrown when a load run got anything but 2xx answers: it measured errors, not the API. */
export class LoadRunFailedError extends Error {
  override name = "LoadRunFailedError" as const;
}

/**
 * Runs autocannon against `url` in a child process (a core of its own, not the server's event loop),
 * after a warm-up, and returns the measured run. Throws {@link LoadRunFailedError} when any answer of
 * either run was not 2xx, or a request failed or timed out.
 *
 * @example
 * const figures = await runAutocannon({ url, connections: 10, durationSeconds: 20, warmupSeconds: 2, requests: [{ method: "GET", path: "/" }] });
 * figures.rps; // 21_345.6
 */
export async function runAutocannon(parameters: RunAutocannonParameters): Promise<LoadFigures> {
  const child = fork(new URL("./autocannonChild.ts", import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const outcome = await new Promise<AutocannonOutcome>((resolve, reject) => {
    child.once("message", (message: AutocannonOutcome) => resolve(message));
    // After an answer this rejects nothing: a promise settles once.
    child.once("exit", (code) =>
      reject(new LoadRunFailedError(`the autocannon process exited with ${code} before answering`)),
    );
    child.send({ ...parameters, requests: [...parameters.requests] } satisfies AutocannonJob);
  });
  if (!outcome.ok) throw new LoadRunFailedError(`autocannon failed: ${outcome.error}`);
  for (const [run, figures] of [
    ["warm-up", outcome.warmup],
    ["measured run", outcome.measured],
  ] as const) {
    if (figures === undefined) continue;
    if (figures.non2xx > 0 || figures.errors > 0 || figures.timeouts > 0 || figures.total === 0) {
      throw new LoadRunFailedError(
        `${run} against ${parameters.requests[0]?.method} ${parameters.requests[0]?.path}: ${figures.total} answers, ` +
          `${figures.non2xx} not 2xx, ${figures.errors} errors, ${figures.timeouts} timeouts; status codes ${JSON.stringify(figures.statusCodes)}`,
      );
    }
  }
  return outcome.measured;
}
