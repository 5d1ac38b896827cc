import { InvalidIdentityClaimsError } from "../errors/credential.ts";
import { ageOn } from "../kyc/calendarDate.ts";
import type { VerifiedIdentity } from "../kyc/VerifiedIdentity.ts";
import { isIsoDate } from "../mrz/mrzDate.ts";

/**
 * The personal claims of Entrada's identity credential, every one selectively disclosable. Names
 * follow the EU PID rule book where it has one (`given_name`, `family_name`, `birthdate`,
 * `nationalities`, `age_equal_or_over`); the document's own claims are prefixed `document_`.
 */
export type IdentityCredentialClaims = {
  given_name: string;
  family_name: string;
  /** `YYYY-MM-DD`. */
  birthdate: string;
  /** ISO 3166-1 alpha-3 codes. */
  nationalities: string[];
  /** As in the MRZ: "M", "F", or "X" for unspecified. */
  sex: "M" | "F" | "X";
  document_type: "passport" | "identity_card";
  document_number: string;
  /** ISO 3166-1 alpha-3 code of the state that issued the document. */
  document_issuing_country: string;
  /** `YYYY-MM-DD`. */
  document_expiry_date: string;
  /** Whether the holder had reached each age on the day of issuance, for example `{ "18": true, "21": false }`. */
  age_equal_or_over: Record<string, boolean>;
};

/**
 * Every claim path a holder can disclose, nested ones dotted (`age_equal_or_over.18`), for the
 * default age thresholds.
 */
export const identityClaimPaths = [
  "given_name",
  "family_name",
  "birthdate",
  "nationalities",
  "sex",
  "document_type",
  "document_number",
  "document_issuing_country",
  "document_expiry_date",
  "age_equal_or_over.18",
  "age_equal_or_over.21",
] as const;

/** The age thresholds written into `age_equal_or_over` unless an issuer is configured otherwise. */
export const defaultAgeThresholds: readonly number[] = [18, 21];

/**
 * The `vct` (credential type) of Entrada's identity credential for an issuer URL: a URL under
 * the issuer's own, so that two deployments never share a type by accident.
 *
 * @example
 * identityCredentialVct("https://entrada.example") // "https://entrada.example/credentials/identity/v1"
 */
export function identityCredentialVct(issuer: string): string {
  return `${issuer.replace(/\/+$/, "")}/credentials/identity/v1`;
}

/**
 * The claims of a verified identity, checked, with `age_equal_or_over` computed on `today`.
 *
 * @throws {InvalidIdentityClaimsError} when a field is empty or malformed.
 * @example
 * identityCredentialClaims(identity, { today: "2026-03-01" }).age_equal_or_over // { "18": true, "21": true }
 */
export function identityCredentialClaims(
  identity: VerifiedIdentity,
  { today, ageThresholds = defaultAgeThresholds }: { today: string; ageThresholds?: readonly number[] | undefined },
): IdentityCredentialClaims {
  const invalid = (field: keyof VerifiedIdentity, reason: string) => new InvalidIdentityClaimsError({ field, reason });
  if (identity.surname.trim() === "") throw invalid("surname", "is empty");
  for (const field of ["birthDate", "expiryDate"] as const) {
    if (!isIsoDate(identity[field])) throw invalid(field, "is not a YYYY-MM-DD date");
  }
  for (const field of ["nationality", "issuingCountry"] as const) {
    if (!/^[A-Z]{3}$/.test(identity[field])) throw invalid(field, "is not an ISO 3166-1 alpha-3 code");
  }
  if (!["M", "F", "X"].includes(identity.sex)) throw invalid("sex", 'is not "M", "F" or "X"');
  if (!/^[A-Z0-9]{1,20}$/.test(identity.documentNumber))
    throw invalid("documentNumber", "is not 1-20 capitals and digits");
  if (identity.documentType !== "passport" && identity.documentType !== "identity_card") {
    throw invalid("documentType", 'is not "passport" or "identity_card"');
  }
  const age = ageOn(identity.birthDate, today);
  return {
    given_name: identity.givenNames.trim(),
    family_name: identity.surname.trim(),
    birthdate: identity.birthDate,
    nationalities: [identity.nationality],
    sex: identity.sex,
    document_type: identity.documentType,
    document_number: identity.documentNumber,
    document_issuing_country: identity.issuingCountry,
    document_expiry_date: identity.expiryDate,
    age_equal_or_over: Object.fromEntries(ageThresholds.map((threshold) => [String(threshold), age >= threshold])),
  };
}
