/**
 * The load generator's own process (forked by {@link runAutocannon}): autocannon runs here, on the
 * other core, so that it does not share an event loop with the server it measures. It receives one
 * {@link AutocannonJob}, answers one {@link AutocannonOutcome} and exits.
 */
import autocannon from "autocannon";
import type { AutocannonJob, AutocannonOutcome, LoadFigures } from "./runAutocannon.ts";

async function load(job: AutocannonJob, seconds: number): Promise<LoadFigures> {
  let next = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    ...(job.overallRate === undefined ? {} : { overallRate: job.overallRate }),
    // `[<id>]` in a request (an Idempotency-Key header) becomes a fresh id for every request.
    idReplacement: job.requests.some((request) => JSON.stringify(request).includes("[<id>]")),
    // Connection i plays traveller i mod n: their own cookie, path and body.
    setupClient(client) {
      const request = job.requests[next % job.requests.length]!;
      next += 1;
      client.setRequests([{ ...request }]);
    },
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count]),
    ),
  };
}

process.once("message", (job: AutocannonJob) => {
  void (async () => {
    let outcome: AutocannonOutcome;
    try {
      const warmup = job.warmupSeconds > 0 ? await load(job, job.warmupSeconds) : undefined;
      outcome = { ok: true, warmup, measured: await load(job, job.durationSeconds) };
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    process.send!(outcome, () => process.exit(0));
  })();
});
