import { type LoadFigures, type LoadRequest, runAutocannon } from "../api/runAutocannon.ts";

/** One route's load run over every server, with the figures of each and together. */
export type ServersFigures = {
  /** Requests a second over all servers (the sum of each load generator's mean). */
  rps: number;
  /** The servers' medians, weighted by their requests (autocannon reports percentiles, not samples). */
  p50Ms: number;
  /** The highest of the servers' 99th percentiles: an upper bound of the combined one. */
  p99Ms: number;
  total: number;
  perServer: LoadFigures[];
};

/**
 * Runs autocannon against every server at once, one load-generator process each, `connections`
 * connections each, at most `overallRate` requests a second over all servers (split evenly) when
 * given. `requestsFor(server, connections)` gives server i's requests (connection j sends the j-th).
 * Throws (`LoadRunFailedError`) when any answer was not 2xx or any request failed.
 *
 * @example
 * const figures = await runOnServers({ urls, connections: 8, durationSeconds: 10, warmupSeconds: 2, requestsFor: () => [{ method: "GET", path: "/api/v1/catalogue/products" }] });
 */
export async function runOnServers(parameters: {
  urls: readonly string[];
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  overallRate?: number | undefined;
  requestsFor: (server: number, connections: number) => LoadRequest[];
}): Promise<ServersFigures> {
  const { urls, connections } = parameters;
  const perServer = await Promise.all(
    urls.map((url, i) =>
      runAutocannon({
        url,
        connections,
        durationSeconds: parameters.durationSeconds,
        warmupSeconds: parameters.warmupSeconds,
        requests: parameters.requestsFor(i, connections),
        overallRate:
          parameters.overallRate === undefined
            ? undefined
            : Math.max(1, Math.round(parameters.overallRate / urls.length)),
      }),
    ),
  );
  const total = perServer.reduce((sum, figures) => sum + figures.total, 0);
  return {
    rps: perServer.reduce((sum, figures) => sum + figures.rps, 0),
    p50Ms: perServer.reduce((sum, figures) => sum + figures.p50Ms * figures.total, 0) / Math.max(total, 1),
    p99Ms: Math.max(...perServer.map((figures) => figures.p99Ms)),
    total,
    perServer,
  };
}
