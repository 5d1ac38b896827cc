import type { Product } from "@entrada/core";
import { identityClaimPaths } from "@entrada/identity";
import type { ApplicantInput } from "../schemas/applicationSchemas.ts";
import { identityFields } from "../schemas/applicationSchemas.ts";

/** A required field that the applicant's identity answers. */
export type IdentityField = (typeof identityFields)[number];

/**
 * The identity credential's claim (`@entrada/identity`'s `identityClaimPaths`) that answers each
 * identity field of a product's form.
 */
export const claimOfIdentityField = {
  given_names: "given_name",
  surname: "family_name",
  date_of_birth: "birthdate",
  sex: "sex",
  nationality: "nationalities",
  passport_number: "document_number",
  passport_expiry_date: "document_expiry_date",
  passport_issuing_country: "document_issuing_country",
} as const satisfies Record<IdentityField, string>;

/** Fields every applicant record holds, whatever the product asks (`applicantInputSchema`). */
const applicantRecordFields: readonly IdentityField[] = identityFields.filter((field) => field !== "sex");

/**
 * The claims a presentation for `product` must disclose: those of the product's identity fields,
 * and those without which no applicant can be recorded (every product of the catalogue asks for
 * them all anyway). Nothing else: selective disclosure shares only what the authority needs.
 *
 * @example
 * requiredClaimsFor(catalogue.product("gb-eta")) // ["given_name", "family_name", "birthdate", "nationalities", …]
 */
export function requiredClaimsFor(product: Pick<Product, "requiredFields">): string[] {
  const fields = new Set<IdentityField>(
    product.requiredFields.filter((field): field is IdentityField =>
      (identityFields as readonly string[]).includes(field),
    ),
  );
  for (const field of applicantRecordFields) fields.add(field);
  return inCredentialOrder(
    identityFields.filter((field) => fields.has(field)).map((field) => claimOfIdentityField[field]),
  );
}

/** Claim paths in the credential's order (`identityClaimPaths`), unknown ones last, alphabetically. */
function inCredentialOrder(paths: string[]): string[] {
  const rank = (path: string) => {
    const index = (identityClaimPaths as readonly string[]).indexOf(path);
    return index === -1 ? identityClaimPaths.length : index;
  };
  return paths.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The applicant of `POST /applications` from the claims of a verified presentation.
 *
 * @example
 * applicantFromClaims({ given_name: "Anna", family_name: "Eriksson", nationalities: ["UTO"], … }).nationality // "UTO"
 */
export function applicantFromClaims(claims: Readonly<Record<string, unknown>>): ApplicantInput {
  const text = (name: string) => (typeof claims[name] === "string" ? (claims[name] as string) : "");
  const nationalities = claims.nationalities;
  const sex = claims.sex;
  return {
    givenNames: text("given_name"),
    surname: text("family_name"),
    dateOfBirth: text("birthdate"),
    ...(sex === "M" || sex === "F" || sex === "X" ? { sex } : {}),
    nationality: Array.isArray(nationalities) && typeof nationalities[0] === "string" ? nationalities[0] : "",
    passportNumber: text("document_number"),
    passportExpiryDate: text("document_expiry_date"),
    passportIssuingCountry: text("document_issuing_country"),
  };
}

/**
 * The claim paths a set of disclosed claims holds, nested ones dotted (`age_equal_or_over.18`).
 *
 * @example
 * disclosedClaimPaths({ age_equal_or_over: { "18": true }, given_name: "Anna" }) // ["given_name", "age_equal_or_over.18"]
 */
export function disclosedClaimPaths(claims: Readonly<Record<string, unknown>>): string[] {
  const paths = Object.entries(claims).flatMap(([name, value]) =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.keys(value).map((key) => `${name}.${key}`)
      : [name],
  );
  // Disclosures arrive shuffled.
  return inCredentialOrder(paths);
}
