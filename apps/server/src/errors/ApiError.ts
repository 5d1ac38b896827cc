import { CodedError, type ErrorDetails } from "@entrada/core";
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
export class ApiError extends CodedError<ApiErrorCode> {
  override name = "ApiError";

  constructor(shortMessage: string, parameters: ApiErrorParameters) {
    super(shortMessage, { ...parameters, status: apiErrorCodes[parameters.code].status });
  }
}
