import type { KycProvider, KycProviderCheckResult } from "./KycProvider.ts";

/** Parameters of {@link createDevKycProvider}. */
export type CreateDevKycProviderParameters = {
  /** What every check answers; default a pass. Tests set a failure or an inconclusive result. */
  result?: Partial<Pick<KycProviderCheckResult, "liveness" | "faceMatch" | "score">> | undefined;
};

/**
 * A KYC provider for development and demos that decides without looking: by default every check
 * passes, so a newcomer can verify an identity on a laptop without an account anywhere. Never
 * configure it in production.
 *
 * @example
 * const provider = createDevKycProvider();
 * await provider.check({ reference: "kyc_1", documentType: "passport", issuingCountry: "UTO" })
 * // { provider: "development", providerReference: "dev-kyc_1", liveness: "passed", faceMatch: "match", score: 1 }
 */
export function createDevKycProvider(parameters: CreateDevKycProviderParameters = {}): KycProvider {
  return {
    name: "development",
    async check(request) {
      return {
        provider: "development",
        providerReference: `dev-${request.reference}`,
        liveness: parameters.result?.liveness ?? "passed",
        faceMatch: parameters.result?.faceMatch ?? "match",
        score: parameters.result?.score ?? 1,
      };
    },
  };
}
