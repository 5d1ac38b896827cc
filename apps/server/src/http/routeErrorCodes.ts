import type { FastifySchema, RouteOptions } from "fastify";
import type { RegisteredErrorCode } from "../errors/errorRegistry.ts";
import { requiresCredentials } from "./routeSecurity.ts";

declare module "fastify" {
  interface FastifySchema {
    /**
     * The codes this route's own handler (and the services it calls) can answer with. Those that
     * every route of its kind can answer (validation, body, idempotency, rate limit, authentication,
     * internal errors) are added by {@link routeErrorCodes}; the OpenAPI document lists both.
     */
    errors?: readonly RegisteredErrorCode[];
  }
}

/** Methods whose requests Fastify parses a body for (when one is sent), so that a bad one is refused. */
const bodyMethods = new Set(["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** What {@link routeErrorCodes} reads of a route: Fastify's route options, as `onRoute` and swagger's transform see them. */
export type RouteKind = Pick<RouteOptions, "method" | "schema" | "config">;

/**
 * Every error code a route can answer with: its own (`schema.errors`) and those every route of its
 * kind can, which the app's hooks and handlers produce whatever the route is:
 * - `ENTRADA_INTERNAL` (500): anything unexpected, on every route;
 * - `ENTRADA_VALIDATION` (400): a route with a schema for its params, query, headers or body; and
 *   with `ENTRADA_PAYLOAD_TOO_LARGE` (413) and `ENTRADA_UNSUPPORTED_MEDIA_TYPE` (415), any route whose
 *   method carries a body (malformed JSON, a body too large, a content type it does not parse);
 * - the idempotency codes: a route with `config.idempotent`;
 * - `ENTRADA_RATE_LIMITED` (429): a route the rate limit applies to (all but `rateLimit: false`);
 * - `ENTRADA_UNAUTHENTICATED` (401): a route whose `security` requires credentials, and only such.
 *
 * @example
 * routeErrorCodes({ method: "GET", schema: { security: [] }, config: {} }) // ["ENTRADA_INTERNAL", "ENTRADA_RATE_LIMITED"]
 */
export function routeErrorCodes(route: RouteKind): RegisteredErrorCode[] {
  const schema: FastifySchema = route.schema ?? {};
  const config = (route.config ?? {}) as { idempotent?: boolean; rateLimit?: unknown };
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((method) => method.toUpperCase());
  const codes = new Set<RegisteredErrorCode>(schema.errors ?? []);
  codes.add("ENTRADA_INTERNAL");
  if (methods.some((method) => bodyMethods.has(method))) {
    codes.add("ENTRADA_VALIDATION");
    codes.add("ENTRADA_PAYLOAD_TOO_LARGE");
    codes.add("ENTRADA_UNSUPPORTED_MEDIA_TYPE");
  }
  if (schema.params !== undefined || schema.querystring !== undefined || schema.headers !== undefined) {
    codes.add("ENTRADA_VALIDATION");
  }
  if (config.idempotent === true) {
    codes.add("ENTRADA_IDEMPOTENCY_KEY_INVALID");
    codes.add("ENTRADA_IDEMPOTENCY_MISMATCH");
    codes.add("ENTRADA_IDEMPOTENCY_IN_PROGRESS");
  }
  if (config.rateLimit !== false) codes.add("ENTRADA_RATE_LIMITED");
  if (requiresCredentials(schema.security)) codes.add("ENTRADA_UNAUTHENTICATED");
  return [...codes].sort();
}
