import pino, { type DestinationStream, type Logger } from "pino";
import { serializeError } from "../http/serializeError.ts";

/**
 * Paths pino censors wherever they appear in a log line: credentials of the request, and the
 * fields that hold identity data if a body or a record ever reaches a log by mistake.
 */
export const redactedLogPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.passport",
  "*.mrz",
  "*.applicant",
  "*.identity",
  "*.answers",
  "*.holderJwk",
  "*.presentation",
  "*.credential",
  "*.email",
  // Signing keys and the remote signer's token, should a configuration ever be logged whole.
  "keys",
  "*.keys",
  "masterKey",
  "*.masterKey",
  "sessionSecret",
  "*.sessionSecret",
  "*.bearerToken",
  "*.*.bearerToken",
  // The credential issuer's private JWK: in the configuration (`identity.issuerKey`) or as a key object.
  "identity",
  "*.issuerKey",
  "*.*.issuerKey",
  "privateJwk",
  "*.privateJwk",
  "*.*.privateJwk",
] as const;

/**
 * The server's structured logger: pino, with errors scrubbed by {@link serializeError} (no query
 * parameters, addresses or tokens) and identity fields censored, so that no passport data or
 * secret reaches the logs (STYLE.md, 9).
 *
 * @example
 * const logger = createLogger({ level: process.env.LOG_LEVEL ?? "info" });
 */
export function createLogger({ level, destination }: { level: string; destination?: DestinationStream }): Logger {
  const options = {
    level,
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: [...redactedLogPaths], censor: "[redacted]" },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
