import { type ErrorCode, errorCodes } from "./errorCodes.ts";

/** A JSON value: what error details may hold, so the API can send them as they are. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Machine-readable facts about an error (amounts as decimal strings: bigint is not JSON). */
export type ErrorDetails = { readonly [key: string]: JsonValue };

/** Parameters of {@link BaseError}. */
export type BaseErrorParameters = {
  /** Stable code from {@link errorCodes}; decides the HTTP status. Default `ENTRADA_INTERNAL`. */
  code?: ErrorCode | undefined;
  /** Machine-readable facts, sent to API clients as `error.details`. */
  details?: ErrorDetails | undefined;
  /** Extra human lines that help whoever reads the log (which pair, which source, what to try). */
  metaMessages?: readonly string[] | undefined;
  /** The error that led to this one. */
  cause?: unknown;
};

/**
 * The one base class of every error Entrada's TypeScript code throws on purpose.
 *
 * Like viem's: a one-line `shortMessage` for people, `metaMessages` with context, `details`, and the
 * `cause`. Unlike viem's, it carries a stable `code` and the HTTP `status` that code maps to, so the
 * API turns any domain error into `{ error: { code, message, details } }` without a lookup table of
 * its own. Subclasses fix `name` and `code`; the status always comes from {@link errorCodes}, so a
 * code cannot be thrown with two different statuses.
 *
 * @example
 * try {
 *   parseMoney("16.001", "GBP");
 * } catch (error) {
 *   if (error instanceof BaseError) reply.status(error.status).send({ error: error.toJSON() });
 * }
 */
export class BaseError extends Error {
  override name = "BaseError";
  /** Stable identifier, documented in docs/errors.md; never changes once published. */
  readonly code: ErrorCode;
  /** HTTP-like status the API answers with. */
  readonly status: number;
  /** The message without context, suitable for showing to a user. */
  readonly shortMessage: string;
  readonly details: ErrorDetails;
  readonly metaMessages: readonly string[];

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const code = parameters.code ?? "ENTRADA_INTERNAL";
    const details = parameters.details ?? {};
    const metaMessages = parameters.metaMessages ?? [];
    const message = [
      shortMessage,
      ...(metaMessages.length > 0 ? ["", ...metaMessages] : []),
      ...(Object.keys(details).length > 0 ? ["", `Details: ${JSON.stringify(details)}`] : []),
      `Code: ${code}`,
    ].join("\n");
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.code = code;
    this.status = errorCodes[code].status;
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = metaMessages;
  }

  /**
   * The error as the API sends it: the short message only, so internals in `metaMessages` and
   * `cause` stay in the logs.
   *
   * @example
   * new QuoteExpiredError({ expiresAt: 1_700_000_900, now: 1_700_001_000 }).toJSON()
   * // { code: "ENTRADA_QUOTE_EXPIRED", message: "The quote expired …", details: { … } }
   */
  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.shortMessage, details: this.details };
  }
}
