import { IdentityError, truncate } from "./IdentityError.ts";

/**
 * The KYC pipeline or a provider got an impossible setting; thrown at start-up, not per request.
 *
 * @example
 * createKycPipeline({ …, fingerprintKey: "short" }) // throws InvalidKycConfigError (setting "fingerprintKey")
 */
export class InvalidKycConfigError extends IdentityError {
  override name = "InvalidKycConfigError" as const;
  constructor({ setting, expected }: { setting: string; expected: string }) {
    super(`KYC setting "${setting}" must be ${expected}.`, {
      code: "ENTRADA_KYC_CONFIG_INVALID",
      details: { setting, expected },
    });
  }
}

/**
 * The identity-verification provider timed out, was unreachable, or answered 429/5xx.
 *
 * @example
 * await provider.check(request) // throws KycProviderUnavailableError (retryable) when the provider is down
 */
export class KycProviderUnavailableError extends IdentityError {
  override name = "KycProviderUnavailableError" as const;
  constructor({
    provider,
    reason,
    status,
    cause,
  }: { provider: string; reason: "timeout" | "network" | "status"; status?: number | undefined; cause?: unknown }) {
    const what =
      reason === "timeout" ? "did not answer in time" : reason === "network" ? "is unreachable" : `answered ${status}`;
    super(`The identity-verification provider "${provider}" ${what}; try again later.`, {
      code: "ENTRADA_KYC_PROVIDER_UNAVAILABLE",
      details: { provider, reason, ...(status === undefined ? {} : { status }) },
      retryable: true,
      cause,
    });
  }
}

/**
 * The identity-verification provider refused the request with a 4xx status (other than 429).
 *
 * @example
 * await provider.check(request) // throws KycProviderRejectedError (status 401) with a wrong API key
 */
export class KycProviderRejectedError extends IdentityError {
  override name = "KycProviderRejectedError" as const;
  constructor({ provider, status, body }: { provider: string; status: number; body: string }) {
    super(`The identity-verification provider "${provider}" refused the request (${status}).`, {
      code: "ENTRADA_KYC_PROVIDER_REJECTED",
      details: { provider, status },
      // The provider's words help the operator; they stay in the log, never in the API answer.
      metaMessages: body === "" ? [] : [`Provider said: ${truncate(body, 300)}`],
    });
  }
}

/**
 * The identity-verification provider answered 2xx with something that is not the expected result.
 *
 * @example
 * await provider.check(request) // throws KycProviderResponseInvalidError when `liveness` is missing
 */
export class KycProviderResponseInvalidError extends IdentityError {
  override name = "KycProviderResponseInvalidError" as const;
  constructor({ provider, reason, cause }: { provider: string; reason: string; cause?: unknown }) {
    super(`The identity-verification provider "${provider}" answered with an unexpected result: ${reason}.`, {
      code: "ENTRADA_KYC_PROVIDER_RESPONSE_INVALID",
      details: { provider, reason },
      cause,
    });
  }
}
