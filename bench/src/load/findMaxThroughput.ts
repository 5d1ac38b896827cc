import type { LoadRequest } from "../api/runAutocannon.ts";
import { runOnServers, type ServersFigures } from "./runOnServers.ts";

/** The highest throughput found, and at how many connections per server. */
export type MaxThroughput = {
  connections: number;
  figures: ServersFigures;
  tried: { connections: number; rps: number }[];
};

/**
 * Raises the connections per server through `levels` (each run unthrottled, every answer 2xx) and
 * keeps the best throughput; stops early when a level adds less than 5 %, the sign that the servers
 * (or the machine) are saturated.
 *
 * @example
 * const max = await findMaxThroughput({ urls, levels: [4, 8, 16], durationSeconds: 10, requestsFor });
 */
export async function findMaxThroughput(parameters: {
  urls: readonly string[];
  levels: readonly number[];
  durationSeconds: number;
  warmupSeconds: number;
  requestsFor: (server: number, connections: number) => LoadRequest[];
  progress: (message: string) => void;
}): Promise<MaxThroughput> {
  let best: MaxThroughput | undefined;
  const tried: { connections: number; rps: number }[] = [];
  for (const connections of parameters.levels) {
    const figures = await runOnServers({ ...parameters, connections });
    tried.push({ connections, rps: Number(figures.rps.toFixed(1)) });
    parameters.progress(
      `  ${connections} connections per server: ${figures.rps.toFixed(0)} requests/s, p99 ${figures.p99Ms} ms`,
    );
    const previous = best;
    if (best === undefined || figures.rps > best.figures.rps) best = { connections, figures, tried };
    if (previous !== undefined && figures.rps < previous.figures.rps * 1.05) break;
  }
  return { ...best!, tried };
}
