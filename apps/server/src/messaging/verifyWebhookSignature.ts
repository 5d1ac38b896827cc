import { timingSafeEqual } from "node:crypto";
import { signWebhook } from "./signWebhook.ts";

export type VerifyWebhookSignatureOptions = {
  /** Largest difference between the signed time and `now` (default 300 s, as Stripe). */
  toleranceSeconds?: number | undefined;
  /** The receiver's time (default: the clock). */
  now?: Date | undefined;
};

export type VerifyWebhookSignatureReturnType =
  | { valid: true; timestamp: number }
  | {
      valid: false;
      /** `malformed`: no header, or no `t` and `v1`; `expired`: `t` outside the tolerance; `mismatch`: no `v1` matches. */
      reason: "malformed" | "expired" | "mismatch";
    };

/**
 * Checks an `Entrada-Signature` header for a receiver of Entrada's webhooks: the body must be the
 * raw bytes received (as a string), unparsed. Any of several `v1` values may match (Entrada may sign
 * with two secrets while one is rotated). Signatures are compared in constant time.
 *
 * @example
 * const result = verifyWebhookSignature(request.headers["entrada-signature"], rawBody, secret);
 * if (!result.valid) return reply.code(400).send(result.reason);
 */
export function verifyWebhookSignature(
  header: string | undefined,
  body: string,
  secret: string,
  options: VerifyWebhookSignatureOptions = {},
): VerifyWebhookSignatureReturnType {
  const { toleranceSeconds = 300, now = new Date() } = options;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of (header ?? "").split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (rest.length > 0 || value === undefined) continue;
    if (key === "t" && /^[0-9]{1,15}$/.test(value)) timestamp = Number(value);
    if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(Buffer.from(value, "hex"));
  }
  if (timestamp === undefined || signatures.length === 0) return { valid: false, reason: "malformed" };
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > toleranceSeconds)
    return { valid: false, reason: "expired" };
  const expected = Buffer.from(signWebhook(secret, body, timestamp).slice(-64), "hex");
  // Every candidate is compared, so the time taken does not tell which one matched.
  let matched = false;
  for (const signature of signatures) matched = timingSafeEqual(signature, expected) || matched;
  return matched ? { valid: true, timestamp } : { valid: false, reason: "mismatch" };
}
