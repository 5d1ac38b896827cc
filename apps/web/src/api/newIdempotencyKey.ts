/**
 * A fresh `Idempotency-Key`: a random UUID (also where `crypto.randomUUID` is missing, as on plain
 * http origins other than localhost). Keep it beside the request it names, so that a retry of the
 * same request (after a reload, a timeout) sends the same key and gets the first answer.
 *
 * @example
 * await api("POST", "/applications", { body, idempotencyKey: draft.createKey ??= newIdempotencyKey() });
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
