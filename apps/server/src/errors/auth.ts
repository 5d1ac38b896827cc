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

/**
 * An API key of the right authority or organisation lacks the scope the action needs; a new key with
 * that scope is the fix (scopes are chosen when a key is created).
 *
 * @example
 * throw new ApiKeyScopeError({ action: "application.review", scope: "applications:decide" })
 */
export class ApiKeyScopeError extends ApiError {
  override name = "ApiKeyScopeError" as const;
  constructor({ action, scope }: { action: string; scope: string }) {
    super(`This API key lacks the scope "${scope}" that "${action}" needs; create a key with it.`, {
      code: "ENTRADA_API_KEY_SCOPE",
      details: { action, scope },
    });
  }
}

/**
 * The scopes asked for a new API key are empty or name an unknown scope.
 *
 * @example
 * throw new ApiKeyScopesInvalidError({ unknown: ["admin"], allowed: apiKeyScopes })
 */
export class ApiKeyScopesInvalidError extends ApiError {
  override name = "ApiKeyScopesInvalidError" as const;
  constructor({ unknown, allowed }: { unknown: readonly string[]; allowed: readonly string[] }) {
    super(
      unknown.length === 0
        ? "Give the key at least one scope."
        : `Unknown API key scope${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")}.`,
      { code: "ENTRADA_API_KEY_SCOPES_INVALID", details: { unknown: [...unknown], allowed: [...allowed] } },
    );
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
