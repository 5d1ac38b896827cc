/** What Entrada asks an outside identity-verification provider to check. */
export type KycProviderCheckRequest = {
  /** Entrada's opaque id of this check; providers use it as an idempotency key. Never personal data. */
  reference: string;
  documentType: "passport" | "identity_card";
  /** ISO 3166-1 alpha-3 code of the issuing state. */
  issuingCountry: string;
  /** The data page image, when uploaded. */
  documentImage?: Uint8Array | undefined;
  /** The live selfie, when taken. */
  selfie?: Uint8Array | undefined;
};

/** A provider's verdict on liveness (a real person in front of the camera) and face match (selfie vs document photo). */
export type KycProviderCheckResult = {
  /** The provider's name, for the audit trail. */
  readonly provider: string;
  /** The provider's id of the check, to look it up in their console. */
  readonly providerReference: string;
  readonly liveness: "passed" | "failed" | "inconclusive";
  readonly faceMatch: "match" | "no_match" | "inconclusive";
  /** The provider's confidence from 0 to 1, when it gives one. */
  readonly score: number | null;
};

/**
 * An outside identity-verification service (liveness and face match). Implementations: an HTTP
 * provider (`createHttpKycProvider`) and a development stand-in (`createDevKycProvider`).
 * Errors are thrown, not returned: `KycProviderUnavailableError` (retryable),
 * `KycProviderRejectedError`, `KycProviderResponseInvalidError`.
 */
export type KycProvider = {
  readonly name: string;
  check(request: KycProviderCheckRequest): Promise<KycProviderCheckResult>;
};
