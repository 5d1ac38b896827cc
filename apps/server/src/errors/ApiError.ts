import type { ErrorDetails } from "@entrada/core";
import { type ApiErrorCode, apiErrorCodes } from "./apiErrorCodes.ts";

/** Parameters of {@link ApiError}. */
export type ApiErrorParameters = {
  /** Stable code from {@link apiErrorCodes}; decides the HTTP status. */
  code: ApiErrorCode;
  /** Machine-readable facts, sent to API clients as `error.details`. */
  details?: ErrorDetails | undefined;
  /** Extra lines for whoever reads the log; never sent to clients. */
  metaMessages?: readonly string[] | undefined;
  cause?: unknown;
};

/**
 * The base class of the errors the HTTP layer throws: the API's counterpart of core's `BaseError`,
 * with the same shape (`code`, `status`, `shortMessage`, `details`, `toJSON()`), for the codes of
 * {@link apiErrorCodes} that core's registry does not hold. The error handler answers both the same way.
 *
 * @example
 * throw new ApiError("Sign in first.", { code: "ENTRADA_UNAUTHENTICATED" });
 */
export class ApiError extends Error {
  override name = "ApiError";
  /** Stable identifier, documented in docs/errors.md. */
  readonly code: ApiErrorCode;
  /** The HTTP status of {@link code}. */
  readonly status: number;
  /** The message without context, suitable for showing to a user. */
  readonly shortMessage: string;
  readonly details: ErrorDetails;
  readonly metaMessages: readonly string[];

  constructor(shortMessage: string, parameters: ApiErrorParameters) {
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
    this.status = apiErrorCodes[parameters.code].status;
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = metaMessages;
  }

  /**
   * The error as the API sends it, without the log-only context.
   *
   * @example
   * new NotFoundError({ resource: "application", id }).toJSON() // { code: "ENTRADA_NOT_FOUND", message: …, details: { resource, id } }
   */
  toJSON(): { code: ApiErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.shortMessage, details: this.details };
  }
}
