import { identityClaimPaths } from "@entrada/identity/browser";
import type { IdentityField } from "../api/requiredFields.ts";
import { identityExplainedCodes } from "./identityErrors.ts";
import { revocationReasons } from "./identityTypes.ts";
import { mrzErrorCodes, mrzErrorFields, mrzFormats } from "./mrzForm.ts";
import { documentProblemCodes } from "./precheckDocument.ts";

/** KYC reasons a traveller is told about (failures; flags stay with the reviewers), under `identity:kycReason.`. */
export const travellerKycReasons = [
  "mrz_invalid",
  "mrz_mismatch",
  "document_expired",
  "document_expires_soon",
  "underage",
  "liveness_failed",
  "face_mismatch",
  "review_failed",
] as const;

/** Every KYC reason a reviewer reads, under `identity:review.reason.`. */
export const reviewerKycReasons = [
  ...travellerKycReasons,
  "name_variant",
  "sanctions_match",
  "duplicate_identity",
  "provider_inconclusive",
] as const;

/** Why a credential was revoked (the database's `credentialRevocationReasons`), under `identity:revokedBecause.`. */
export const credentialRevocationReasons = [...revocationReasons, "superseded", "account_deleted", "moved"] as const;

/** Credential statuses, under `identity:credentialStatus.`. */
export const credentialStatuses = ["active", "revoked", "expired"] as const;

/**
 * The typed passport field of a KYC reason (`TypedIdentity`'s names) as the identity step names it,
 * so that "the date of birth does not match" uses the form's own label.
 */
export const typedFieldToIdentityField: Record<string, IdentityField> = {
  surname: "surname",
  givenNames: "given_names",
  documentNumber: "passport_number",
  nationality: "nationality",
  birthDate: "date_of_birth",
  expiryDate: "passport_expiry_date",
  sex: "sex",
  issuingCountry: "passport_issuing_country",
};

/**
 * The translation keys the identity pages build at run time, for src/i18n/dynamicKeys.ts: each
 * family's prefix as written in the code, and every full key it can produce.
 */
export function identityKeyFamilies(): { prefix: string; keys: string[] }[] {
  const family = (prefix: string, names: readonly string[]) => ({
    prefix,
    keys: names.map((name) => `identity:${prefix}${name}`),
  });
  return [
    family("mrzField.", mrzErrorFields),
    family("mrzError.", mrzErrorCodes),
    family("mrzFormat.", mrzFormats),
    family("documentProblem.", documentProblemCodes),
    family("upload.", ["passport_bio_page", "photo", "passport_bio_pageHint", "photoHint"]),
    family("apiError.", identityExplainedCodes),
    family("claim.", identityClaimPaths),
    family("kycReason.", travellerKycReasons),
    family("review.reason.", reviewerKycReasons),
    family("revokeReason.", revocationReasons),
    family("revokeReasonHint.", revocationReasons),
    family("revokedBecause.", credentialRevocationReasons),
    family("credentialStatus.", credentialStatuses),
  ];
}
