import { createHmac } from "node:crypto";

/** The header that carries a webhook's signature. */
export const webhookSignatureHeader = "Entrada-Signature";

/**
 * Signs a webhook body the way Stripe does (REFERENCE.md, "Payments"): the header value
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. Signing the timestamp with the body
 * lets receivers refuse replays of old deliveries.
 *
 * @example
 * signWebhook("whsec_test", '{"id":"42"}', 1_767_225_600);
 * // "t=1767225600,v1=<64 hex digits>"
 */
export function signWebhook(secret: string, body: string, t: number): string {
  if (!Number.isSafeInteger(t) || t < 0) throw new RangeError(`Not a unix time in seconds: ${t}`);
  const signature = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${signature}`;
}
