import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import helmet from "helmet";

/**
 * The headers helmet sets with its defaults (CSP, HSTS, no sniffing, frame and referrer policies…),
 * worked out once. `@fastify/helmet` with `global: true` rebuilds helmet (and re-parses the CSP) on
 * every request, about a tenth of the status endpoint's CPU; the headers never change, so they are
 * computed at start-up and copied onto each reply.
 */
export function computeSecurityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  helmet()({} as IncomingMessage, response, () => {});
  return headers;
}

/**
 * Sets helmet's default security headers on every reply (see {@link computeSecurityHeaders}).
 *
 * @example
 * await app.register(securityHeaders);
 */
export const securityHeaders: FastifyPluginAsync = fp(async (app) => {
  const headers = computeSecurityHeaders();
  app.addHook("onRequest", async (_request, reply) => {
    reply.headers(headers);
  });
});
