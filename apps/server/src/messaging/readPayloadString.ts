import type { Json } from "@entrada/db";

/**
 * Reads a string field of an outbox payload, or `undefined` when the payload is not an object or the
 * field is missing, empty or not a string. Payloads are JSON written by other parts of the server;
 * messaging reads them defensively rather than trusting their shape.
 *
 * @example
 * readPayloadString({ userId: "u1", confirmations: 3 }, "userId"); // "u1"
 * readPayloadString({ userId: "u1", confirmations: 3 }, "confirmations"); // undefined
 */
export function readPayloadString(payload: Json, key: string): string | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
  const value = payload[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
