import { ApiError } from "../api/ApiError.ts";
import { HolderStorageUnavailableError } from "./holderStore.ts";

/**
 * Identity failures with their own explanation under `identity:apiError.<code>` (the API's stable
 * codes of docs/errors.md, and `HOLDER_STORAGE_UNAVAILABLE` for a browser that cannot keep a
 * credential). Any other failure is explained by the app's shared `ErrorNotice`.
 */
export const identityExplainedCodes = [
  "HOLDER_STORAGE_UNAVAILABLE",
  "ENTRADA_DOCUMENT_REJECTED",
  "ENTRADA_IDENTITY_NOT_VERIFIED",
  "ENTRADA_VERIFICATION_NOT_FLAGGED",
  "ENTRADA_PRESENTATION_REQUEST_SPENT",
  "ENTRADA_PRESENTATION_UNUSABLE",
  "ENTRADA_PRESENTATION_CLAIM_MISSING",
  "ENTRADA_CLAIM_NOT_IN_CREDENTIAL",
  "ENTRADA_CREDENTIAL_REVOKED",
  "ENTRADA_CREDENTIAL_SUSPENDED",
  "ENTRADA_CREDENTIAL_EXPIRED",
  "ENTRADA_CREDENTIAL_INVALID",
  "ENTRADA_HOLDER_KEY_INVALID",
  "ENTRADA_CREDENTIAL_NOT_MOVABLE",
  "ENTRADA_CREDENTIAL_MOVE_RATE_LIMITED",
  "ENTRADA_HOLDER_KEY_PROOF_INVALID",
  "ENTRADA_CREDENTIAL_HELD_ELSEWHERE",
  "ENTRADA_KYC_PROVIDER_UNAVAILABLE",
  "ENTRADA_STATUS_LIST_UNAVAILABLE",
  "ENTRADA_MRZ_INPUT_INVALID",
] as const;

/** One of {@link identityExplainedCodes}. */
export type IdentityExplainedCode = (typeof identityExplainedCodes)[number];

/** Verifier refusals that all mean the same to the holder: this credential cannot be used, get a new one. */
const credentialInvalidCodes = new Set([
  "ENTRADA_CREDENTIAL_MALFORMED",
  "ENTRADA_CREDENTIAL_SIGNATURE_INVALID",
  "ENTRADA_CREDENTIAL_TYPE_INVALID",
  "ENTRADA_DISCLOSURE_TAMPERED",
  "ENTRADA_KEY_BINDING_INVALID",
  "ENTRADA_PRESENTATION_MALFORMED",
  "ENTRADA_PRESENTATION_NONCE_MISMATCH",
  "ENTRADA_PRESENTATION_AUDIENCE_MISMATCH",
  "ENTRADA_ISSUER_UNTRUSTED",
  "ENTRADA_ISSUER_KEY_UNKNOWN",
]);

/** What a failure is, as an identity page explains it: its code and, for a refused upload, the problems. */
export type DescribedIdentityError = { code: IdentityExplainedCode; problems: string[] } | null;

/**
 * The identity explanation of a failure, or `null` when the shared `ErrorNotice` explains it better.
 *
 * @example
 * describeIdentityError(new ApiError({ status: 401, code: "ENTRADA_KEY_BINDING_INVALID", message })) // { code: "ENTRADA_CREDENTIAL_INVALID", problems: [] }
 */
export function describeIdentityError(error: unknown): DescribedIdentityError {
  if (error instanceof HolderStorageUnavailableError) return { code: "HOLDER_STORAGE_UNAVAILABLE", problems: [] };
  // The API's errors, and the identity package's own (thrown in this browser while presenting).
  const code =
    error instanceof ApiError
      ? error.code
      : typeof (error as { code?: unknown } | null)?.code === "string"
        ? (error as { code: string }).code
        : undefined;
  if (code === undefined) return null;
  if (credentialInvalidCodes.has(code)) return { code: "ENTRADA_CREDENTIAL_INVALID", problems: [] };
  if (!(identityExplainedCodes as readonly string[]).includes(code)) return null;
  const details = error instanceof ApiError ? (error.details as { problems?: unknown } | undefined) : undefined;
  const problems = Array.isArray(details?.problems)
    ? details.problems.filter((problem): problem is string => typeof problem === "string")
    : [];
  return { code: code as IdentityExplainedCode, problems };
}
