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
  /** See {@link CodedError.retryable}. Default `false`. */
  retryable?: boolean | undefined;
};

/** Parameters of {@link CodedError}: a stable code and the HTTP status it maps to. */
export type CodedErrorParameters<Code extends string> = Omit<BaseErrorParameters, "code"> & {
  code: Code;
  status: number;
};

/**
 * The shape every Entrada error shares, whatever registry its code comes from: core's
 * {@link BaseError}, the API's `ApiError`, the chain package's `ChainError`, the identity package's
 * `IdentityError`. The API's error handler answers any of them the same way, from `status` and
 * `toJSON()`; background loops decide from `retryable` whether to try again.
 *
 * @example
 * if (error instanceof CodedError) reply.status(error.status).send({ error: error.toJSON() });
 */
export class CodedError<Code extends string = string> extends Error {
  override name = "CodedError";
  /** Stable identifier, documented in docs/errors.md. */
  readonly code: Code;
  /** The HTTP status of {@link code}. */
  readonly status: number;
  /** The message without context, suitable for showing to a user. */
  readonly shortMessage: string;
  /** Machine-readable facts (JSON-safe), sent to API clients. */
  readonly details: ErrorDetails;
  /** Extra lines for whoever reads the log; never sent to clients. */
  readonly metaMessages: readonly string[];
  /**
   * Whether the same call may succeed if tried again later, with nothing changed but time: a provider,
   * store or node that is down, a chain that moved during a read. A loop that meets a retryable error
   * backs off and tries again; one that is not (the default) needs different input or an operator.
   * Not sent to API clients: the HTTP status (502, 503) says it to them.
   */
  readonly retryable: boolean;

  constructor(shortMessage: string, parameters: CodedErrorParameters<Code>) {
    const details = parameters.details ?? {};
    const metaMessages = parameters.metaMessages ?? [];
    const message = [
      shortMessage,
      ...(metaMessages.length > 0 ? ["", ...metaMessages] : []),
      ...(Object.keys(details).length > 0 ? ["", `Details: ${JSON.stringify(details)}`] : []),
      `Code: ${parameters.code}`,
    ].join("\n");
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.code = parameters.code;
    this.status = parameters.status;
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = metaMessages;
    this.retryable = parameters.retryable ?? false;
  }

  /** The error as the API sends it, without the log-only context. */
  toJSON(): { code: Code; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.shortMessage, details: this.details };
  }
}

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
export class BaseError extends CodedError<ErrorCode> {
  override name = "BaseError";

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const code = parameters.code ?? "ENTRADA_INTERNAL";
    super(shortMessage, { ...parameters, code, status: errorCodes[code].status });
  }
}
