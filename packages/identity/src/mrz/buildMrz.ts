import { InvalidMrzInputError } from "../errors/mrz.ts";
import { computeMrzCheckDigit } from "./computeMrzCheckDigit.ts";
import { isMrzCountryCode } from "./mrzCountryCodes.ts";
import { isIsoDate, writeMrzDate } from "./mrzDate.ts";
import { type MrzFormat, type MrzSpan, mrzLayouts } from "./mrzLayouts.ts";
import { type MrzTransliteration, mrzNameZone } from "./toMrzName.ts";

/** Parameters of {@link buildMrz}: the data page's fields, as a person would type them. */
export type BuildMrzParameters = {
  format: MrzFormat;
  /** One or two letters; default "P" for TD3, "I" for cards. */
  documentCode?: string | undefined;
  /** ICAO code: ISO 3166-1 alpha-3, "D", "UTO"… */
  issuingCountry: string;
  surname: string;
  /** Default: none. */
  givenNames?: string | undefined;
  /** Letters and digits; spaces and hyphens are dropped. At most 9 on passports. */
  documentNumber: string;
  nationality: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** `X` is written as `<`, ICAO's unspecified. */
  sex: "M" | "F" | "X";
  /** `YYYY-MM-DD`. */
  expiryDate: string;
  /** TD3's personal number, or the cards' optional data. */
  optionalData?: string | undefined;
  /** TD1's second optional data element. */
  optionalData2?: string | undefined;
  /** Default `icao` (Ü → UE). */
  transliteration?: MrzTransliteration | undefined;
};

/**
 * Writes a machine readable zone from a document's fields, with every check digit: the inverse of
 * {@link validateMrz}. Used by tests, by the demo data and by the web's live preview of what the MRZ
 * of the typed fields must look like.
 *
 * @throws {InvalidMrzInputError} when a value cannot be written (a date that does not exist, an
 *   unknown country, a document number or optional data too long for the format).
 * @example
 * buildMrz({
 *   format: "TD3", issuingCountry: "UTO", surname: "Eriksson", givenNames: "Anna María",
 *   documentNumber: "L898902C3", nationality: "UTO", birthDate: "1974-08-12", sex: "F",
 *   expiryDate: "2012-04-15", optionalData: "ZE184226B",
 * })
 * // ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
 */
export function buildMrz(parameters: BuildMrzParameters): string[] {
  const layout = mrzLayouts[parameters.format];
  const lines = Array.from({ length: layout.lineCount }, () => Array<string>(layout.lineLength).fill("<"));
  const write = (span: MrzSpan, value: string): void => {
    for (let index = 0; index < span.end - span.start; index++) {
      lines[span.line]![span.start + index] = value[index] ?? "<";
    }
  };
  const read = (span: MrzSpan): string => lines[span.line]!.slice(span.start, span.end).join("");

  const documentCode = parameters.documentCode ?? (layout.format === "TD3" ? "P" : "I");
  if (!/^[A-Z][A-Z<]?$/.test(documentCode)) {
    throw new InvalidMrzInputError({ field: "documentCode", reason: "it must be one or two capital letters" });
  }
  write(layout.documentCode, documentCode);
  write(layout.issuingCountry, country("issuingCountry", parameters.issuingCountry));
  write(
    layout.name,
    mrzNameZone(parameters.surname, parameters.givenNames ?? "", span(layout.name), parameters.transliteration),
  );
  if (read(layout.name).startsWith("<")) {
    throw new InvalidMrzInputError({ field: "surname", reason: "it has no letter that the MRZ can hold" });
  }

  const documentNumber = text("documentNumber", parameters.documentNumber);
  if (documentNumber === "") throw new InvalidMrzInputError({ field: "documentNumber", reason: "it is empty" });
  let optionalData = text("optionalData", parameters.optionalData ?? "");
  const primaryLength = span(layout.documentNumber);
  if (documentNumber.length <= primaryLength) {
    write(layout.documentNumber, documentNumber);
    write(layout.documentNumberCheck, String(computeMrzCheckDigit(read(layout.documentNumber))));
  } else if (layout.longDocumentNumbers) {
    const rest = documentNumber.slice(primaryLength);
    write(layout.documentNumber, documentNumber);
    write(layout.documentNumberCheck, "<");
    optionalData = `${rest}${computeMrzCheckDigit(documentNumber)}<${optionalData}`;
  } else {
    throw new InvalidMrzInputError({
      field: "documentNumber",
      reason: `a ${layout.format} document number has at most ${primaryLength} characters`,
    });
  }

  write(layout.nationality, country("nationality", parameters.nationality));
  write(layout.birthDate, date("birthDate", parameters.birthDate));
  write(layout.birthDateCheck, String(computeMrzCheckDigit(read(layout.birthDate))));
  write(layout.sex, parameters.sex === "X" ? "<" : parameters.sex);
  write(layout.expiryDate, date("expiryDate", parameters.expiryDate));
  write(layout.expiryDateCheck, String(computeMrzCheckDigit(read(layout.expiryDate))));

  fits("optionalData", optionalData, layout.optionalData);
  write(layout.optionalData, optionalData);
  if (layout.optionalDataCheck !== undefined) {
    const personalNumber = read(layout.optionalData);
    write(layout.optionalDataCheck, /^<*$/.test(personalNumber) ? "<" : String(computeMrzCheckDigit(personalNumber)));
  }
  if (layout.optionalData2 !== undefined) {
    const optionalData2 = text("optionalData2", parameters.optionalData2 ?? "");
    fits("optionalData2", optionalData2, layout.optionalData2);
    write(layout.optionalData2, optionalData2);
  } else if (parameters.optionalData2 !== undefined && parameters.optionalData2 !== "") {
    throw new InvalidMrzInputError({ field: "optionalData2", reason: `${layout.format} has no second optional data` });
  }
  write(layout.composite, String(computeMrzCheckDigit(layout.compositeSpans.map(read).join(""))));
  return lines.map((line) => line.join(""));
}

function span(s: MrzSpan): number {
  return s.end - s.start;
}

function country(field: string, code: string): string {
  if (!isMrzCountryCode(code))
    throw new InvalidMrzInputError({ field, reason: `"${code}" is not an ICAO country code` });
  return code;
}

function date(field: string, value: string): string {
  if (!isIsoDate(value)) throw new InvalidMrzInputError({ field, reason: `"${value}" is not a YYYY-MM-DD date` });
  return writeMrzDate(value);
}

/** Document numbers and optional data: capitals and digits, with spaces and hyphens dropped. */
function text(field: string, value: string): string {
  const cleaned = value.toUpperCase().replace(/[\s-]+/g, "");
  if (!/^[A-Z0-9<]*$/.test(cleaned)) {
    throw new InvalidMrzInputError({ field, reason: "only letters A-Z and digits can be written" });
  }
  return cleaned;
}

function fits(field: string, value: string, target: MrzSpan): void {
  if (value.length > span(target)) {
    throw new InvalidMrzInputError({
      field,
      reason: `it needs ${value.length} characters; the MRZ has ${span(target)}`,
    });
  }
}
