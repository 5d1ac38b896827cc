import { type Catalogue, checkEligibility, type IneligibilityCode, type Product } from "@entrada/core";
import { type Locale, locales } from "@entrada/db";
import {
  compareWithMrz,
  isMrzCountryCode,
  type MrzErrorField,
  mrzCountryToIso,
  type TypedIdentity,
  validateMrz,
} from "@entrada/identity";
import { z } from "zod";
import { calendarDateSchema } from "../../schemas/primitives.ts";
import {
  answerColumn,
  type ImportAnswerField,
  type ImportColumn,
  importAnswerFields,
  requiredImportAnswers,
} from "./importColumns.ts";
import type { ImportTableRow } from "./readImportTable.ts";
import type { TeamImportRowCode } from "./teamImportCodes.ts";

/** One problem of the import report. */
export type TeamImportProblem = {
  /** The spreadsheet row (the header is row 1). */
  readonly row: number;
  /** The template's column name; `null` for a problem of the row as a whole (`ENTRADA_IMPORT_ROW_TOO_LONG`). */
  readonly column: string | null;
  readonly code: TeamImportRowCode;
  /** For people, in English; it names the column's rule, never the cell's value. */
  readonly message: string;
};

/** A traveller whose row passed every check, in the forms the rest of Entrada uses. */
export type ImportedTraveller = {
  readonly row: number;
  readonly surname: string;
  readonly givenNames: string;
  /** ISO 3166-1 alpha-3 (`D` read as `DEU`). */
  readonly nationality: string;
  readonly sex: "M" | "F" | "X";
  readonly birthDate: string;
  /** Capitals and digits, spaces and hyphens removed. */
  readonly passportNumber: string;
  readonly passportExpiry: string;
  /** ISO 3166-1 alpha-3 (`D` read as `DEU`). */
  readonly issuingCountry: string;
  /** Lower case. */
  readonly email: string;
  readonly locale: Locale;
  readonly productId: string;
  readonly travelFrom: string;
  readonly travelTo: string;
  /** The two TD3 lines, when given. */
  readonly mrz: readonly [string, string] | null;
  /** The application's answers: the `answer.` cells, plus `email` and `travel_dates` (`from/to`) where the product asks. */
  readonly answers: Readonly<Partial<Record<ImportAnswerField, string>>>;
};

/** What {@link checkImportRow} needs besides the row. */
export type CheckImportRowContext = {
  readonly catalogue: Catalogue;
  /** `YYYY-MM-DD`: the day the import is checked. */
  readonly today: string;
};

/** What {@link checkImportRow} returns: the row's problems, and the traveller when there are none. */
export type CheckImportRowReturnType = {
  readonly problems: TeamImportProblem[];
  readonly traveller: ImportedTraveller | null;
};

/** Months of passport validity needed beyond the last day of travel. */
export const passportValidityMonths = 6;

const namePattern = /^[\p{L}\p{M}][\p{L}\p{M}' .,\-’]*$/u;
const passportNumberPattern = /^[A-Z0-9]{5,9}$/;
const emailSchema = z.email().max(254);
const maxNameLength = 100;
const maxAnswerLength = 2000;

const eligibilityCodes: Record<IneligibilityCode, TeamImportRowCode> = {
  nationality_not_eligible: "ENTRADA_IMPORT_NATIONALITY_NOT_ELIGIBLE",
  visa_exempt: "ENTRADA_IMPORT_NATIONALITY_VISA_EXEMPT",
  travel_date_in_past: "ENTRADA_IMPORT_TRAVEL_DATE_PAST",
  too_late_to_apply: "ENTRADA_IMPORT_TRAVEL_TOO_SOON",
  too_early_to_apply: "ENTRADA_IMPORT_TRAVEL_TOO_EARLY",
};

/** Where each typed field of the MRZ comparison is in the template. */
const typedColumns: Record<keyof TypedIdentity, ImportColumn> = {
  surname: "surname",
  givenNames: "given_names",
  documentNumber: "passport_number",
  nationality: "nationality",
  issuingCountry: "issuing_country",
  birthDate: "birth_date",
  expiryDate: "passport_expiry",
  sex: "sex",
};

/** TD3's first line holds the document code, the issuing state and the name; the second the rest. */
const mrzLine1Fields: readonly MrzErrorField[] = ["lines", "line1", "documentCode", "issuingCountry", "name"];

/**
 * Checks one traveller's row of a team import, cell by cell, and reports every problem at once:
 * each cell's format, dates that exist, country codes as an MRZ writes them, the product and the
 * nationality's eligibility for it (core's `checkEligibility`: the same rule as a single applicant),
 * travel dates in order and in the product's window, six months of passport validity after the
 * trip, the answers the product requires, and the MRZ when given (identity's `validateMrz`, then
 * `compareWithMrz` against the typed cells). Duplicate passports are the caller's to find, across
 * rows.
 *
 * A cell that is wrong is reported once, on its own column; checks that need it (eligibility needs
 * the nationality) are skipped rather than reported a second time.
 *
 * @example
 * checkImportRow({ row: 2, cells, tooLong: false }, { catalogue, today: "2027-01-04" })
 * // { problems: [], traveller: { row: 2, surname: "Eriksson", nationality: "SWE", … } }
 */
export function checkImportRow(
  tableRow: ImportTableRow,
  { catalogue, today }: CheckImportRowContext,
): CheckImportRowReturnType {
  const { row, cells } = tableRow;
  const problems: TeamImportProblem[] = [];
  const report = (column: string | null, code: TeamImportRowCode, message: string) =>
    problems.push({ row, column, code, message });
  const cell = (column: string) => cells[column] ?? "";
  /** The cell, or undefined after reporting it missing. */
  const required = (column: string): string | undefined => {
    const value = cell(column);
    if (value !== "") return value;
    report(column, "ENTRADA_IMPORT_FIELD_MISSING", `${column} is required.`);
    return undefined;
  };

  if (tableRow.tooLong) {
    report(null, "ENTRADA_IMPORT_ROW_TOO_LONG", "The row has more cells than the header: a comma too many?");
  }

  const name = (column: ImportColumn): string | undefined => {
    const value = required(column);
    if (value === undefined) return undefined;
    if (value.length > maxNameLength || !namePattern.test(value)) {
      report(
        column,
        "ENTRADA_IMPORT_FIELD_MALFORMED",
        `${column} must be letters, with spaces, hyphens, apostrophes or dots, at most ${maxNameLength}.`,
      );
      return undefined;
    }
    return value;
  };
  const date = (column: ImportColumn): string | undefined => {
    const value = required(column);
    if (value === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      report(
        column,
        "ENTRADA_IMPORT_FIELD_MALFORMED",
        `${column} must be a date written YYYY-MM-DD (format the column as text so the spreadsheet keeps it).`,
      );
      return undefined;
    }
    if (!calendarDateSchema.safeParse(value).success) {
      report(column, "ENTRADA_IMPORT_DATE_IMPOSSIBLE", `${column} is not a day of the calendar.`);
      return undefined;
    }
    return value;
  };
  const country = (column: ImportColumn): string | undefined => {
    const value = required(column)?.toUpperCase();
    if (value === undefined) return undefined;
    if (!isMrzCountryCode(value)) {
      report(
        column,
        "ENTRADA_IMPORT_COUNTRY_UNKNOWN",
        `${column} must be a country code as in a passport's MRZ (ISO 3166-1 alpha-3, such as DEU or CHN).`,
      );
      return undefined;
    }
    return mrzCountryToIso(value);
  };

  const surname = name("surname");
  const givenNames = name("given_names");
  const nationality = country("nationality");
  const sex = ((): "M" | "F" | "X" | undefined => {
    const value = required("sex")?.toUpperCase();
    if (value === undefined) return undefined;
    if (value === "M" || value === "F" || value === "X") return value;
    report("sex", "ENTRADA_IMPORT_FIELD_MALFORMED", "sex must be M, F or X (unspecified), as in the passport.");
    return undefined;
  })();
  let birthDate = date("birth_date");
  if (birthDate !== undefined && birthDate > today) {
    report("birth_date", "ENTRADA_IMPORT_DATE_IMPOSSIBLE", "birth_date is after today.");
    birthDate = undefined;
  }
  const passportNumber = ((): string | undefined => {
    const value = required("passport_number")
      ?.toUpperCase()
      .replace(/[\s-]+/g, "");
    if (value === undefined) return undefined;
    if (passportNumberPattern.test(value)) return value;
    report("passport_number", "ENTRADA_IMPORT_FIELD_MALFORMED", "passport_number must be 5 to 9 letters and digits.");
    return undefined;
  })();
  const passportExpiry = date("passport_expiry");
  const issuingCountry = country("issuing_country");
  const email = ((): string | undefined => {
    const value = required("email")?.toLowerCase();
    if (value === undefined) return undefined;
    if (emailSchema.safeParse(value).success) return value;
    report("email", "ENTRADA_IMPORT_EMAIL_INVALID", "email must be an e-mail address, such as anna@example.com.");
    return undefined;
  })();
  const locale = ((): Locale | undefined => {
    const value = required("locale")?.toLowerCase();
    if (value === undefined) return undefined;
    if ((locales as readonly string[]).includes(value)) return value as Locale;
    report("locale", "ENTRADA_IMPORT_LOCALE_UNSUPPORTED", `locale must be one of ${locales.join(", ")}.`);
    return undefined;
  })();
  const product = ((): Product | undefined => {
    const value = required("product_id");
    if (value === undefined) return undefined;
    const found = catalogue.products.find((candidate) => candidate.id === value);
    if (found === undefined) {
      report("product_id", "ENTRADA_IMPORT_PRODUCT_UNKNOWN", "product_id is not a product of the catalogue.");
    }
    return found;
  })();
  const travelFrom = date("travel_from");
  let travelTo = date("travel_to");
  if (travelFrom !== undefined && travelTo !== undefined && travelTo < travelFrom) {
    report("travel_to", "ENTRADA_IMPORT_TRAVEL_DATES_ORDER", "travel_to is before travel_from.");
    travelTo = undefined;
  }

  if (product !== undefined && nationality !== undefined) {
    const authority = catalogue.authority(product.authorityId);
    const { ineligible } = checkEligibility(
      {
        nationality,
        destination: authority.destinations[0]!,
        purpose: product.type,
        travelDate: travelFrom,
        today,
      },
      catalogue,
    );
    for (const { code, days } of ineligible.find((entry) => entry.product.id === product.id)?.reasons ?? []) {
      const nationalityRule = code === "nationality_not_eligible" || code === "visa_exempt";
      report(
        nationalityRule ? "nationality" : "travel_from",
        eligibilityCodes[code],
        eligibilityMessage(code, product.id, days),
      );
    }
  }

  const lastDay = travelTo ?? travelFrom;
  if (passportExpiry !== undefined) {
    const needed = lastDay === undefined ? today : addMonths(lastDay, passportValidityMonths);
    if (passportExpiry < needed) {
      report(
        "passport_expiry",
        "ENTRADA_IMPORT_PASSPORT_EXPIRES_TOO_SOON",
        lastDay === undefined
          ? "The passport has expired."
          : `The passport must be valid for ${passportValidityMonths} months after travel_to.`,
      );
    }
  }

  const answers: Partial<Record<ImportAnswerField, string>> = {};
  for (const field of importAnswerFields) {
    const column = answerColumn(field);
    const value = cell(column);
    if (value === "") continue;
    if (value.length > maxAnswerLength) {
      report(column, "ENTRADA_IMPORT_FIELD_MALFORMED", `${column} is longer than ${maxAnswerLength} characters.`);
    } else if (field === "criminal_record") {
      const criminal = readCriminalRecord(value);
      if (criminal === undefined) {
        report(column, "ENTRADA_IMPORT_FIELD_MALFORMED", `${column} must be "no", or "yes: " and the details.`);
      } else answers[field] = criminal;
    } else answers[field] = value;
  }
  if (product !== undefined) {
    for (const field of requiredImportAnswers(product)) {
      const column = answerColumn(field);
      if (cell(column) === "") {
        report(column, "ENTRADA_IMPORT_FIELD_MISSING", `${column} is required by ${product.id}.`);
      }
    }
    if (product.requiredFields.includes("email") && email !== undefined) answers.email = email;
    if (product.requiredFields.includes("travel_dates") && travelFrom !== undefined && travelTo !== undefined) {
      answers.travel_dates = `${travelFrom}/${travelTo}`;
    }
  }

  const mrz = checkMrz(
    { line1: cell("mrz_line1"), line2: cell("mrz_line2") },
    {
      surname,
      givenNames,
      documentNumber: passportNumber,
      nationality,
      issuingCountry,
      birthDate,
      expiryDate: passportExpiry,
      sex,
    },
    today,
    report,
  );

  if (problems.length > 0) return { problems, traveller: null };
  return {
    problems,
    traveller: {
      row,
      surname: surname!,
      givenNames: givenNames!,
      nationality: nationality!,
      sex: sex!,
      birthDate: birthDate!,
      passportNumber: passportNumber!,
      passportExpiry: passportExpiry!,
      issuingCountry: issuingCountry!,
      email: email!,
      locale: locale!,
      productId: product!.id,
      travelFrom: travelFrom!,
      travelTo: travelTo!,
      mrz: mrz ?? null,
      answers,
    },
  };
}

type Report = (column: string | null, code: TeamImportRowCode, message: string) => void;

/**
 * The MRZ lines when given: both or neither, a valid passport MRZ (TD3), and no typed cell that it
 * contradicts. Typed cells that were already wrong (undefined here) are not compared again. Names
 * that differ only as a reviewer would accept (`variant`) pass here: the KYC pipeline sends them to
 * review, as for a single applicant.
 */
function checkMrz(
  { line1, line2 }: { line1: string; line2: string },
  typed: { [Field in keyof TypedIdentity]-?: TypedIdentity[Field] | undefined },
  today: string,
  report: Report,
): [string, string] | undefined {
  if (line1 === "" && line2 === "") return undefined;
  if (line1 === "" || line2 === "") {
    const column = line1 === "" ? "mrz_line1" : "mrz_line2";
    report(column, "ENTRADA_IMPORT_FIELD_MISSING", `${column} is required when the other MRZ line is given.`);
    return undefined;
  }
  const result = validateMrz([line1, line2], { now: new Date(`${today}T00:00:00Z`) });
  if (result.format !== null && result.format !== "TD3") {
    report("mrz_line1", "ENTRADA_IMPORT_MRZ_MALFORMED", "The MRZ must be a passport's: two lines of 44 characters.");
    return undefined;
  }
  if (!result.valid) {
    const seen = new Set<string>();
    for (const error of result.errors) {
      const column = mrzLine1Fields.includes(error.field) ? "mrz_line1" : "mrz_line2";
      const checkDigit = error.code === "check_digit" || error.code === "composite_check_digit";
      const code = checkDigit ? "ENTRADA_IMPORT_MRZ_CHECK_DIGIT" : "ENTRADA_IMPORT_MRZ_MALFORMED";
      if (seen.has(`${column}:${code}`)) continue;
      seen.add(`${column}:${code}`);
      report(
        column,
        code,
        checkDigit
          ? `A check digit of ${column} does not match (${error.field}): a character is mistyped.`
          : `${column} is not a passport MRZ line (${error.field}: ${error.code.replace(/_/g, " ")}).`,
      );
    }
    return undefined;
  }
  const complete = Object.values(typed).every((value) => value !== undefined);
  const identity: TypedIdentity = {
    surname: typed.surname ?? "",
    givenNames: typed.givenNames ?? "",
    documentNumber: typed.documentNumber ?? "",
    nationality: typed.nationality ?? "",
    birthDate: typed.birthDate ?? "",
    expiryDate: typed.expiryDate ?? "",
    sex: typed.sex ?? "X",
    issuingCountry: typed.issuingCountry,
  };
  let agrees = true;
  for (const { field, kind } of compareWithMrz(identity, result.fields, { nameZoneFull: !line1.endsWith("<") })) {
    if (kind !== "mismatch" || typed[field] === undefined) continue;
    agrees = false;
    report(
      typedColumns[field],
      "ENTRADA_IMPORT_MRZ_MISMATCH",
      `${typedColumns[field]} does not agree with the MRZ lines.`,
    );
  }
  return complete && agrees ? [line1, line2] : undefined;
}

function eligibilityMessage(code: IneligibilityCode, productId: string, days: number | undefined): string {
  switch (code) {
    case "nationality_not_eligible":
      return `${productId} is not issued to this nationality.`;
    case "visa_exempt":
      return `This nationality needs no ${productId}; leave the traveller out.`;
    case "travel_date_in_past":
      return "travel_from is before today.";
    case "too_late_to_apply":
      return `${productId} must be applied for at least ${days} days before travel_from.`;
    case "too_early_to_apply":
      return `${productId} takes applications at most ${days} days before travel_from.`;
  }
}

/** `no`, or `yes: <details>` as the web form writes it; anything else is not an answer. */
function readCriminalRecord(value: string): string | undefined {
  if (/^no$/i.test(value)) return "no";
  const yes = /^yes\s*[:\-–]\s*(\S[\s\S]*)$/i.exec(value);
  return yes === null ? undefined : `yes: ${yes[1]!.trim()}`;
}

/** The same day `months` later, the last day of the month where it has no such day (08-31 + 6 → 02-28). */
export function addMonths(value: string, months: number): string {
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
