import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** The header a request id comes in (from a proxy or a client) and goes back out in. */
export const requestIdHeader = "x-request-id";

/**
 * What a request id from outside may look like: a UUID, a trace id, a load balancer's
 * `Root=1-…`; no spaces, quotes or control characters that could forge or break a log line.
 */
const saneRequestId = /^[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}$/;

/**
 * Fastify's `genReqId`: the request's `X-Request-Id` when a proxy or client sent a sane one (1–128
 * characters of letters, digits and `._:=+/-`), so that one id follows a request through the proxy's
 * logs and ours; else a fresh UUID. The id is on every log line of the request (`reqId`) and is sent
 * back in `X-Request-Id`. It correlates; it never authorises anything.
 *
 * @example
 * Fastify({ genReqId: requestIdOf });
 * requestIdOf({ headers: { "x-request-id": "lb-7f3a" } } as IncomingMessage); // "lb-7f3a"
 */
export function requestIdOf(request: Pick<IncomingMessage, "headers">): string {
  const sent = request.headers[requestIdHeader];
  return typeof sent === "string" && saneRequestId.test(sent) ? sent : randomUUID();
}
