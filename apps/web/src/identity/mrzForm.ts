import {
  type MrzError,
  type MrzErrorCode,
  type MrzErrorField,
  type MrzFields,
  type MrzFormat,
  mrzCountryToIso,
  mrzLayouts,
  validateMrz,
} from "@entrada/identity/browser";
import type { IdentityValues } from "../pages/traveller/apply/validateIdentity.ts";
import { normalisePassportNumber } from "../pages/traveller/apply/validateIdentity.ts";

/** The MRZ's elements a problem can be about, each with its name under `identity:mrzField.<field>`. */
export const mrzErrorFields = [
  "documentCode",
  "issuingCountry",
  "name",
  "documentNumber",
  "nationality",
  "birthDate",
  "sex",
  "expiryDate",
  "optionalData",
  "optionalData2",
  "composite",
] as const satisfies readonly MrzErrorField[];

/** Every MRZ problem, each with its explanation under `identity:mrzError.<code>`. */
export const mrzErrorCodes = [
  "invalid_length",
  "invalid_character",
  "check_digit",
  "composite_check_digit",
  "invalid_date",
  "invalid_country",
  "invalid_document_code",
  "invalid_sex",
  "missing",
] as const satisfies readonly MrzErrorCode[];

/** What the traveller sees about one line while typing it. */
export type MrzLineFeedback = {
  /** Characters typed. */
  length: number;
  /** Characters the line must have. */
  expected: number;
  /** Whether the line has its full length (its elements are checked then, not before). */
  complete: boolean;
  /** The line's problems: its length once complete, then its elements'. */
  errors: MrzError[];
};

/** What {@link mrzFeedback} answers: per line, and for the whole zone. */
export type MrzFeedback = {
  format: MrzFormat;
  lines: MrzLineFeedback[];
  /** Every line complete and every check passed. */
  valid: boolean;
  /** The elements read, when valid. */
  fields: MrzFields | null;
};

/**
 * A line as the traveller types or pastes it: capitals, no spaces (OCR and copies put them in), and
 * nothing else corrected — a wrong character must show as an error, not be guessed.
 *
 * @example
 * normaliseMrzLine(" p<uto eriksson<<anna ") // "P<UTOERIKSSON<<ANNA"
 */
export function normaliseMrzLine(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

/**
 * Splits a paste of the whole zone (lines separated by line breaks) into its lines, so that pasting
 * both lines into the first input fills both.
 *
 * @example
 * splitMrzPaste("P<UTO…\nL898902C3…") // ["P<UTO…", "L898902C3…"]
 */
export function splitMrzPaste(text: string): string[] {
  return text
    .split(/\r?\n|\r/)
    .map(normaliseMrzLine)
    .filter((line) => line !== "");
}

/** The MRZ formats a traveller can choose, passports first: each with its lines and their length. */
export const mrzFormats = ["TD3", "TD1", "TD2"] as const satisfies readonly MrzFormat[];

/**
 * The format a pasted zone has, by its lines (3 lines: TD1; 2 lines of 36: TD2; else a passport).
 *
 * @example
 * formatOfPaste(["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]) // "TD1"
 */
export function formatOfPaste(lines: readonly string[]): MrzFormat {
  if (lines.length === 3) return "TD1";
  return lines.length === 2 && lines.every((line) => line.length === 36) ? "TD2" : "TD3";
}

/** The line an MRZ element sits on in a format (`null` for problems about the lines as a whole). */
export function mrzErrorLine(field: MrzErrorField, format: MrzFormat): number | null {
  const layout = mrzLayouts[format];
  switch (field) {
    case "lines":
      return null;
    case "line1":
      return 0;
    case "line2":
      return 1;
    case "line3":
      return 2;
    case "composite":
      return layout.composite.line;
    case "optionalData2":
      return layout.optionalData2?.line ?? null;
    default:
      return layout[field].line;
  }
}

/**
 * Live validation of an MRZ being typed, line by line, with `validateMrz` as the judge: a complete
 * line's elements are checked even while the next line is still being typed (the missing lines are
 * padded with fillers for the check, and their findings dropped), so a mistyped check digit shows
 * as soon as its line is done. The composite check digit, which spans lines, is reported once every
 * line is complete.
 *
 * @example
 * mrzFeedback(["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C3"], "TD3").lines[0].errors // []
 */
export function mrzFeedback(lines: readonly string[], format: MrzFormat, now = new Date()): MrzFeedback {
  const layout = mrzLayouts[format];
  const expected = layout.lineLength;
  const typed = Array.from({ length: layout.lineCount }, (_, index) => normaliseMrzLine(lines[index] ?? ""));
  const complete = typed.map((line) => line.length >= expected);
  const padded = typed.map((line) => (line.length < expected ? line.padEnd(expected, "<") : line));
  const result = validateMrz(padded, { now });
  const feedback: MrzLineFeedback[] = typed.map((line, index) => ({
    length: line.length,
    expected,
    complete: complete[index]!,
    errors: [],
  }));
  const allComplete = complete.every(Boolean);
  for (const error of result.errors) {
    const line = mrzErrorLine(error.field, format);
    if (line === null) continue;
    if (!complete[line]) continue;
    // The composite spans the lines (TD1: the first two): judged once they are all there.
    if (error.field === "composite" && !allComplete) continue;
    feedback[line]!.errors.push(error);
  }
  const valid = allComplete && result.valid && typed.every((line) => line.length === expected);
  return { format, lines: feedback, valid, fields: valid ? result.fields : null };
}

/**
 * The identity step's values as a valid MRZ gives them (countries as ISO alpha-3, `<` as spaces),
 * for the traveller to check against the data page — and to add the accents the MRZ cannot hold.
 *
 * @example
 * identityFromMrz(fields) // { surname: "ERIKSSON", given_names: "ANNA MARIA", nationality: "USA", … }
 */
export function identityFromMrz(fields: MrzFields): Partial<IdentityValues> {
  const values: Partial<IdentityValues> = {};
  if (fields.surname !== null) values.surname = fields.surname;
  if (fields.givenNames !== null) values.given_names = fields.givenNames;
  if (fields.birthDate !== null) values.date_of_birth = fields.birthDate;
  if (fields.sex !== null) values.sex = fields.sex;
  if (fields.nationality !== null) values.nationality = mrzCountryToIso(fields.nationality);
  if (fields.documentNumber !== null) values.passport_number = fields.documentNumber;
  if (fields.expiryDate !== null) values.passport_expiry_date = fields.expiryDate;
  if (fields.issuingCountry !== null) values.passport_issuing_country = mrzCountryToIso(fields.issuingCountry);
  return values;
}

/** The data page's fields as `POST /identity/verifications` takes them (`passport`). */
export type VerificationPassport = {
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  birthDate: string;
  expiryDate: string;
  sex: "M" | "F" | "X";
  issuingCountry?: string;
};

/**
 * The identity values as the verification wants them.
 *
 * @example
 * toVerificationPassport(values).documentNumber // "L898902C3"
 */
export function toVerificationPassport(values: IdentityValues): VerificationPassport {
  const sex = values.sex === "M" || values.sex === "F" ? values.sex : "X";
  return {
    surname: values.surname.trim(),
    givenNames: values.given_names.trim(),
    documentNumber: normalisePassportNumber(values.passport_number),
    nationality: values.nationality,
    birthDate: values.date_of_birth,
    expiryDate: values.passport_expiry_date,
    sex,
    ...(values.passport_issuing_country ? { issuingCountry: values.passport_issuing_country } : {}),
  };
}

/**
 * The identity values a presentation's applicant fills, for the identity step to show read-only.
 *
 * @example
 * identityFromApplicant(presentation.applicant).passport_number // "L898902C3"
 */
export function identityFromApplicant(applicant: {
  givenNames: string;
  surname: string;
  dateOfBirth: string;
  sex?: "F" | "M" | "X" | undefined;
  nationality: string;
  passportNumber: string;
  passportExpiryDate: string;
  passportIssuingCountry: string;
}): IdentityValues {
  return {
    given_names: applicant.givenNames,
    surname: applicant.surname,
    date_of_birth: applicant.dateOfBirth,
    sex: applicant.sex ?? "",
    nationality: applicant.nationality,
    passport_number: applicant.passportNumber,
    passport_expiry_date: applicant.passportExpiryDate,
    passport_issuing_country: applicant.passportIssuingCountry,
  };
}
