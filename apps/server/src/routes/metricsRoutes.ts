import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import type { Environment } from "../config.ts";
import { ApiError } from "../errors/ApiError.ts";
import type { Metrics } from "../runtime/createMetrics.ts";

/** Parameters of {@link metricsRoutes}. */
export type MetricsRoutesOptions = {
  metrics: Metrics;
  /** `METRICS_TOKEN`: when set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
  env: Environment;
};

/**
 * `GET /metrics`: the app's Prometheus metrics (see `createMetrics`), in the text exposition format.
 * Who may read it:
 * - with `METRICS_TOKEN` set, a scraper sending `Authorization: Bearer <METRICS_TOKEN>`, whatever
 *   the environment (compared in constant time);
 * - without it, anyone in development and tests (the server listens on 127.0.0.1 by default);
 * - without it in production, nobody: the route does not exist (404), so that a deployment
 *   behind a proxy never publishes its internals by omission.
 *
 * @example
 * await app.register(metricsRoutes({ metrics, token: config.metricsToken, env: config.env }));
 */
export function metricsRoutes({ metrics, token, env }: MetricsRoutesOptions): FastifyPluginAsync {
  return async (app) => {
    if (token === undefined && env === "production") return;
    const expected = token === undefined ? undefined : digest(token);
    app.get(
      "/metrics",
      {
        config: { rateLimit: false },
        schema: {
          tags: ["health"],
          operationId: "getMetrics",
          summary: "Prometheus metrics: requests, indexer lag, outbox backlog, relayers, webhooks, prices, loops",
          description:
            "The Prometheus text exposition format (version 0.0.4); docs/api.md lists the series. With `METRICS_TOKEN` set, send it as a bearer token; in production without it, this route does not exist.",
          security: token === undefined ? [] : [{ metricsToken: [] }],
          produces: ["text/plain"],
          response: {
            200: {
              description: "The metrics, one sample per line",
              content: { "text/plain": { schema: { type: "string" } } },
            },
          },
        },
      },
      async (request, reply) => {
        if (expected !== undefined) {
          const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
          if (match === null || !timingSafeEqual(digest(match[1]!), expected)) {
            throw new ApiError("Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.", {
              code: "ENTRADA_UNAUTHENTICATED",
              details: { reason: "invalid_metrics_token" },
            });
          }
        }
        const body = await metrics.registry.metrics();
        return reply.type(metrics.registry.contentType).header("cache-control", "no-store").send(body);
      },
    );
  };
}

/** Equal-length inputs for `timingSafeEqual`, whatever the token's length. */
function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
