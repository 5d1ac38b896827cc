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
  const value = payloadField(payload, key);
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Reads a whole-number field of an outbox payload (a chain id, a count), or `undefined` when the
 * payload is not an object or the field is missing or not a safe integer.
 *
 * @example
 * readPayloadInteger({ chainId: 1337 }, "chainId"); // 1337
 * readPayloadInteger({ chainId: "1337" }, "chainId"); // undefined
 */
export function readPayloadInteger(payload: Json, key: string): number | undefined {
  const value = payloadField(payload, key);
  return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;
}

function payloadField(payload: Json, key: string): Json | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
  return payload[key];
}
