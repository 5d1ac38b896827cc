import { mrzCountryToIso } from "../mrz/mrzCountryCodes.ts";
import { toMrzName } from "../mrz/toMrzName.ts";
import type { MrzFields } from "../mrz/validateMrz.ts";
import { nameSimilarity } from "../sanctions/nameSimilarity.ts";
import { normalizeName } from "../sanctions/normalizeName.ts";
import type { TypedIdentity } from "./VerifiedIdentity.ts";

/** A typed field that the MRZ contradicts (`mismatch`) or writes differently enough to need a look (`variant`). */
export type MrzDiscrepancy = {
  readonly field: keyof TypedIdentity;
  readonly kind: "mismatch" | "variant";
};

/**
 * Compares what the traveller typed with what the MRZ says, field by field. Names are compared in
 * MRZ form under both ICAO's transliteration (Ü → UE) and plain (Ü → U), since states use either;
 * when the MRZ name zone is full, the MRZ name may be cut short, so a typed name it begins is a
 * match. A name that is similar but not equal (≥ 0.85 by `nameSimilarity`) is a `variant`, left
 * to a reviewer; anything else that differs is a `mismatch`, which the traveller must correct.
 *
 * @example
 * compareWithMrz(typed, validateMrz(lines).fields, { nameZoneFull: false }) // [] when everything agrees
 */
export function compareWithMrz(
  typed: TypedIdentity,
  mrz: MrzFields,
  { nameZoneFull }: { nameZoneFull: boolean },
): MrzDiscrepancy[] {
  const discrepancies: MrzDiscrepancy[] = [];
  const differ = (field: keyof TypedIdentity, kind: MrzDiscrepancy["kind"] = "mismatch") =>
    discrepancies.push({ field, kind });

  for (const [field, value] of [
    ["surname", mrz.surname],
    ["givenNames", mrz.givenNames],
  ] as const) {
    const verdict = compareName(typed[field], value ?? "", nameZoneFull);
    if (verdict !== "match") differ(field, verdict);
  }
  const number = typed.documentNumber.toUpperCase().replace(/[\s-]+/g, "");
  if (number !== mrz.documentNumber) differ("documentNumber");
  if (!sameCountry(typed.nationality, mrz.nationality)) differ("nationality");
  if (typed.issuingCountry !== undefined && !sameCountry(typed.issuingCountry, mrz.issuingCountry))
    differ("issuingCountry");
  if (typed.birthDate !== mrz.birthDate) differ("birthDate");
  if (typed.expiryDate !== mrz.expiryDate) differ("expiryDate");
  if (typed.sex !== mrz.sex) differ("sex");
  return discrepancies;
}

function compareName(typed: string, mrz: string, zoneFull: boolean): "match" | MrzDiscrepancy["kind"] {
  for (const transliteration of ["icao", "plain"] as const) {
    const written = toMrzName(typed, transliteration).replace(/</g, " ");
    if (written === mrz || (zoneFull && mrz !== "" && written.startsWith(mrz))) return "match";
  }
  if (typed.trim() === "" || mrz === "") return "mismatch";
  return nameSimilarity(normalizeName(typed), normalizeName(mrz)) >= 0.85 ? "variant" : "mismatch";
}

function sameCountry(typed: string, mrz: string | null): boolean {
  return mrz !== null && mrzCountryToIso(typed.toUpperCase()) === mrzCountryToIso(mrz);
}
