import { computeMrzCheckDigit } from "./computeMrzCheckDigit.ts";
import { isMrzCountryCode } from "./mrzCountryCodes.ts";
import { type MrzDateKind, readMrzDate } from "./mrzDate.ts";
import { type MrzFormat, type MrzLayout, type MrzSpan, mrzLayouts } from "./mrzLayouts.ts";

/**
 * What can be wrong with an MRZ element. Stable: the web and API clients branch on them.
 *
 * | code | meaning |
 * | --- | --- |
 * | `invalid_length` | `lines`: not 2 or 3 lines or no format has these lengths; `line1`–`line3`: that line has the wrong length for the format |
 * | `invalid_character` | the element holds a character its kind does not allow (a letter in a date, a digit in a name, anything outside `A–Z 0–9 <`) |
 * | `check_digit` | the element's check digit is not a digit or does not match the element |
 * | `composite_check_digit` | the composite check digit (over document number, dates and optional data) does not match |
 * | `invalid_date` | a date element is not a day that exists |
 * | `invalid_country` | an issuing state or nationality that is not an ICAO code |
 * | `invalid_document_code` | `P…` is required on passports (TD3), `A…`, `C…` or `I…` on cards (TD1, TD2) |
 * | `invalid_sex` | the sex is not `M`, `F`, `<` (unspecified) or `X` |
 * | `missing` | the document number or the name's primary identifier is empty |
 */
export type MrzErrorCode =
  | "invalid_length"
  | "invalid_character"
  | "check_digit"
  | "composite_check_digit"
  | "invalid_date"
  | "invalid_country"
  | "invalid_document_code"
  | "invalid_sex"
  | "missing";

/** The element an {@link MrzError} is about: a line, or an element named as in {@link MrzFields}. */
export type MrzErrorField =
  | "lines"
  | "line1"
  | "line2"
  | "line3"
  | "documentCode"
  | "issuingCountry"
  | "name"
  | "documentNumber"
  | "nationality"
  | "birthDate"
  | "sex"
  | "expiryDate"
  | "optionalData"
  | "optionalData2"
  | "composite";

/** One problem of an MRZ: which element, and what is wrong with it. */
export type MrzError = { readonly field: MrzErrorField; readonly code: MrzErrorCode };

/**
 * The elements read from an MRZ. An element that is invalid (or absent from the format, such as
 * `optionalData2` outside TD1) is `null`; text is as printed in the MRZ (capitals, `<` as spaces).
 */
export type MrzFields = {
  /** "P", "PO", "I", "ID", "AC"…, without fillers. */
  readonly documentCode: string | null;
  /** The issuing state's ICAO code, for example "UTO" or "D". */
  readonly issuingCountry: string | null;
  /** The primary identifier, for example "ERIKSSON". */
  readonly surname: string | null;
  /** The secondary identifier, for example "ANNA MARIA"; "" when the name has only one part. */
  readonly givenNames: string | null;
  /** The whole document number, continued from the optional data on cards with long numbers. */
  readonly documentNumber: string | null;
  readonly nationality: string | null;
  /** `YYYY-MM-DD`; the century is inferred (see `readMrzDate`). */
  readonly birthDate: string | null;
  /** `X` stands for unspecified (`<` in the MRZ). */
  readonly sex: "M" | "F" | "X" | null;
  /** `YYYY-MM-DD`. */
  readonly expiryDate: string | null;
  /** TD3's personal number, the optional data of TD2 and TD1's first optional element. */
  readonly optionalData: string | null;
  /** TD1's second optional element. */
  readonly optionalData2: string | null;
};

/** The answer of {@link validateMrz}, as `POST /api/v1/identity/mrz/validate` returns it. */
export type MrzValidationResult = {
  /** Whether `errors` is empty. */
  readonly valid: boolean;
  /** `null` when the lines fit no format. */
  readonly format: MrzFormat | null;
  readonly fields: MrzFields;
  /** Every problem found, at most one per element plus the composite check digit. */
  readonly errors: readonly MrzError[];
};

/** Options of {@link validateMrz}. */
export type ValidateMrzOptions = {
  /** The day that decides the century of two-digit years. Default: now. */
  now?: Date | undefined;
};

const emptyFields: MrzFields = {
  documentCode: null,
  issuingCountry: null,
  surname: null,
  givenNames: null,
  documentNumber: null,
  nationality: null,
  birthDate: null,
  sex: null,
  expiryDate: null,
  optionalData: null,
  optionalData2: null,
};

const alphabetic = /^[A-Z<]*$/;
const alphanumeric = /^[A-Z0-9<]*$/;
const numeric = /^[0-9]*$/;

/**
 * Parses and validates the machine readable zone of a passport (TD3, 2 × 44) or identity card
 * (TD2, 2 × 36; TD1, 3 × 30) after ICAO Doc 9303: every check digit (weights 7-3-1), the
 * composite check digit, dates, country codes, document code and sex, with one stable error code
 * per element. Never throws on bad input: the errors are the answer.
 *
 * Lines are trimmed of surrounding white space; nothing else is corrected (an OCR "O" in a date is
 * an `invalid_character`, not silently a zero).
 *
 * @example
 * validateMrz(["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"])
 * // { valid: true, format: "TD3", fields: { surname: "ERIKSSON", birthDate: "1974-08-12", … }, errors: [] }
 */
export function validateMrz(lines: readonly string[], options: ValidateMrzOptions = {}): MrzValidationResult {
  const input = lines.map((line) => line.trim());
  const layout = detectLayout(input);
  if (layout === undefined) {
    return { valid: false, format: null, fields: emptyFields, errors: [{ field: "lines", code: "invalid_length" }] };
  }
  const lengthErrors = input.flatMap((line, index): MrzError[] =>
    line.length === layout.lineLength ? [] : [{ field: `line${index + 1}` as MrzErrorField, code: "invalid_length" }],
  );
  if (lengthErrors.length > 0)
    return { valid: false, format: layout.format, fields: emptyFields, errors: lengthErrors };

  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const read = (span: MrzSpan): string => input[span.line]!.slice(span.start, span.end);
  const errors: MrzError[] = [];
  const fail = (field: MrzErrorField, code: MrzErrorCode): null => {
    errors.push({ field, code });
    return null;
  };
  const checkDigitMatches = (value: string, digit: string): boolean =>
    /^\d$/.test(digit) && computeMrzCheckDigit(value) === Number(digit);

  const documentCode = readDocumentCode(read(layout.documentCode), layout.format, fail);
  const issuingCountry = readCountry(read(layout.issuingCountry), "issuingCountry", fail);
  const name = readName(read(layout.name), fail);

  let optionalRaw = read(layout.optionalData);
  const documentNumber = ((): string | null => {
    const raw = read(layout.documentNumber);
    const check = read(layout.documentNumberCheck);
    if (!alphanumeric.test(raw)) return fail("documentNumber", "invalid_character");
    if (layout.longDocumentNumbers && check === "<" && alphanumeric.test(optionalRaw)) {
      // A long number continues in the optional data, followed by its check digit and a filler.
      const end = optionalRaw.indexOf("<");
      const tail = end === -1 ? optionalRaw : optionalRaw.slice(0, end);
      if (tail.length < 2) return fail("documentNumber", "check_digit");
      const rest = tail.slice(0, -1);
      const digit = tail.slice(-1);
      optionalRaw = optionalRaw.slice(tail.length + 1);
      // Doc 9303 leaves open whether the filler in the check digit position counts; states differ.
      if (!checkDigitMatches(raw + rest, digit) && !checkDigitMatches(`${raw}<${rest}`, digit)) {
        return fail("documentNumber", "check_digit");
      }
      return raw + rest;
    }
    const value = raw.replace(/<+$/, "");
    if (value === "") return fail("documentNumber", "missing");
    if (!checkDigitMatches(raw, check)) return fail("documentNumber", "check_digit");
    return value;
  })();

  const nationality = readCountry(read(layout.nationality), "nationality", fail);
  const birthDate = readDate(read(layout.birthDate), read(layout.birthDateCheck), "birth", today, fail);
  const sex = readSex(read(layout.sex), fail);
  const expiryDate = readDate(read(layout.expiryDate), read(layout.expiryDateCheck), "expiry", today, fail);

  const optionalData = ((): string | null => {
    if (!alphanumeric.test(optionalRaw)) return fail("optionalData", "invalid_character");
    if (layout.optionalDataCheck !== undefined) {
      const check = read(layout.optionalDataCheck);
      const empty = /^<*$/.test(optionalRaw);
      // An empty personal number may carry `<` or `0` as its check digit (Doc 9303 Part 4, 4.2.2).
      const ok = empty ? check === "<" || check === "0" : checkDigitMatches(optionalRaw, check);
      if (!ok) return fail("optionalData", "check_digit");
    }
    return fromMrzText(optionalRaw);
  })();

  const optionalData2 = ((): string | null => {
    if (layout.optionalData2 === undefined) return null;
    const raw = read(layout.optionalData2);
    return alphanumeric.test(raw) ? fromMrzText(raw) : fail("optionalData2", "invalid_character");
  })();

  const compositeInput = layout.compositeSpans.map(read).join("");
  // Characters outside the MRZ alphabet are reported on their element; the composite is then moot.
  if (alphanumeric.test(compositeInput) && !checkDigitMatches(compositeInput, read(layout.composite))) {
    fail("composite", "composite_check_digit");
  }

  return {
    valid: errors.length === 0,
    format: layout.format,
    fields: {
      documentCode,
      issuingCountry,
      surname: name?.surname ?? null,
      givenNames: name?.givenNames ?? null,
      documentNumber,
      nationality,
      birthDate,
      sex,
      expiryDate,
      optionalData,
      optionalData2,
    },
    errors,
  };
}

type Fail = (field: MrzErrorField, code: MrzErrorCode) => null;

/** The format the lines most plausibly are, so that a line with one character too many still names its format. */
function detectLayout(lines: readonly string[]): MrzLayout | undefined {
  if (lines.length === 3) return mrzLayouts.TD1;
  if (lines.length !== 2) return undefined;
  const longest = Math.max(...lines.map((line) => line.length));
  if (longest === 0) return undefined;
  return Math.abs(longest - 44) < Math.abs(longest - 36) ? mrzLayouts.TD3 : mrzLayouts.TD2;
}

function readDocumentCode(raw: string, format: MrzFormat, fail: Fail): string | null {
  if (!alphabetic.test(raw)) return fail("documentCode", "invalid_character");
  const [first, second] = [raw[0], raw[1]];
  const ok =
    format === "TD3"
      ? first === "P"
      : // V is reserved for visas (Doc 9303 Part 5, 4.2.2 note a).
        (first === "A" || first === "C" || first === "I") && second !== "V";
  return ok ? raw.replace(/<+$/, "") : fail("documentCode", "invalid_document_code");
}

function readCountry(raw: string, field: "issuingCountry" | "nationality", fail: Fail): string | null {
  if (!alphabetic.test(raw)) return fail(field, "invalid_character");
  const code = raw.replace(/<+$/, "");
  return isMrzCountryCode(code) ? code : fail(field, "invalid_country");
}

function readName(raw: string, fail: Fail): { surname: string; givenNames: string } | null {
  if (!alphabetic.test(raw)) return fail("name", "invalid_character");
  const text = raw.replace(/<+$/, "");
  const separator = text.indexOf("<<");
  const surname = fromMrzText(separator === -1 ? text : text.slice(0, separator));
  const givenNames = separator === -1 ? "" : fromMrzText(text.slice(separator + 2));
  return surname === "" ? fail("name", "missing") : { surname, givenNames };
}

function readDate(raw: string, check: string, kind: MrzDateKind, today: string, fail: Fail): string | null {
  const field = kind === "birth" ? "birthDate" : "expiryDate";
  if (!numeric.test(raw)) return fail(field, "invalid_character");
  const date = readMrzDate(raw, kind, today);
  if (date === undefined) return fail(field, "invalid_date");
  if (!/^\d$/.test(check) || computeMrzCheckDigit(raw) !== Number(check)) return fail(field, "check_digit");
  return date;
}

function readSex(raw: string, fail: Fail): "M" | "F" | "X" | null {
  if (raw === "M" || raw === "F") return raw;
  // ICAO writes unspecified as `<`; some states print `X` in the MRZ as well.
  if (raw === "<" || raw === "X") return "X";
  return fail("sex", "invalid_sex");
}

function fromMrzText(raw: string): string {
  return raw.replace(/<+$/, "").replace(/</g, " ").trim();
}
