import { toError } from "../errors/toError.ts";
import { redactError } from "../messaging/redactError.ts";

/** How deep a chain of causes is followed. */
const maxCauses = 3;

/** Properties of errors that help whoever reads the log and hold no personal data. */
const safeFields = ["code", "status", "statusCode", "errno", "syscall", "routine", "constraint", "table", "column"];

/**
 * Errors as the log may keep them (STYLE.md: logs never contain secrets or passport data). The
 * database driver's errors carry the failed query's parameters (Drizzle: `params`, and
 * `params: …` in the message; PostgreSQL: `detail` such as `Key (email)=(…)`), and providers echo
 * addresses back, and HTTP clients (viem) print the URL they called, whose path or query may hold
 * a provider's API key; all of that goes. A thrown value that is not an `Error` is described (its
 * type and a short rendering, see `toError`). Kept: the name, the scrubbed message, the stack, the SQL text
 * (parameters are placeholders), stable codes, and the causes, scrubbed the same way.
 *
 * @example
 * request.log.error({ err: serializeError(error) }, "request failed");
 * pino({ serializers: { err: serializeError } });
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return serializeError(toError(error), depth);
  const message = scrub(error.message);
  const serialized: Record<string, unknown> = {
    type: error.name,
    message,
    stack: typeof error.stack === "string" ? error.stack.replace(error.message, message) : undefined,
  };
  const record = error as unknown as Record<string, unknown>;
  for (const field of safeFields) {
    const value = record[field];
    if (typeof value === "string" || typeof value === "number") serialized[field] = value;
  }
  if (typeof record.query === "string") serialized.query = record.query;
  if (typeof record.shortMessage === "string") serialized.shortMessage = scrub(record.shortMessage);
  if (error.cause !== undefined && depth < maxCauses) serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}

/** A message without query parameters, e-mail addresses, phone numbers, tokens or URL paths. */
function scrub(message: string): string {
  const withoutParameters = message
    .replace(/\nparams: [\s\S]*$/, "\nparams: [redacted]")
    // An RPC or webhook URL keeps its origin: `https://base-mainnet.example/v2/<key>` names the host only.
    .replace(/\b((?:https?|wss?):\/\/[^/\s?#"'<>]+)[/?#][^\s"'<>]*/gi, "$1/[path]");
  // redactError also cuts at 500 characters and folds whitespace; keep line breaks of SQL readable.
  return redactError(withoutParameters);
}
