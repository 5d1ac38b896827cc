import { ApiError } from "./ApiError.ts";

/**
 * No valid session or API key.
 *
 * @example
 * if (request.user === null) throw new UnauthenticatedError()
 */
export class UnauthenticatedError extends ApiError {
  override name = "UnauthenticatedError" as const;
  constructor({ reason = "missing" }: { reason?: "missing" | "invalid_api_key" | "invalid_authorization" } = {}) {
    super(reason === "missing" ? "Sign in, or send an API key." : "The Authorization header holds no valid API key.", {
      code: "ENTRADA_UNAUTHENTICATED",
      details: { reason },
    });
  }
}

/**
 * The caller may not take the action on the resource.
 *
 * @example
 * throw new ForbiddenError({ action: "application.review" })
 */
export class ForbiddenError extends ApiError {
  override name = "ForbiddenError" as const;
  constructor({ action }: { action: string }) {
    super(`You may not do "${action}" here.`, { code: "ENTRADA_FORBIDDEN", details: { action } });
  }
}

/** Why a Sign-In with Ethereum message was refused. */
export type SiweFailureReason =
  | "malformed"
  | "domain"
  | "uri"
  | "chain"
  | "nonce"
  | "expired"
  | "not_yet_valid"
  | "signature";

/**
 * A SIWE (EIP-4361) sign-in was refused.
 *
 * @example
 * throw new SiweInvalidError({ reason: "nonce" })
 */
export class SiweInvalidError extends ApiError {
  override name = "SiweInvalidError" as const;
  constructor({ reason, cause }: { reason: SiweFailureReason; cause?: unknown }) {
    super(`The sign-in message was refused (${reason}); ask for a new nonce and sign again.`, {
      code: "ENTRADA_SIWE_INVALID",
      details: { reason },
      cause,
    });
  }
}
