import { isIsoDate } from "../encoding/sealDate.ts";
import { sealDataInvalid, sealMalformed } from "../errors/VerifyError.ts";
import { computeCheckDigit } from "./computeCheckDigit.ts";

/** The machine readable zone of a visa of size B (ICAO Doc 9303 Part 7, MRV-B): two lines of 36. */
export type VisaMrz = readonly [line1: string, line2: string];

/** What a visa's MRZ says (names as the MRZ writes them: `<` read as a space). */
export type VisaMrzFields = {
  /** ICAO code of the issuing state, without fillers: "THA", "D". */
  issuingState: string;
  surname: string;
  givenNames: string;
  /** The visa number (9 characters at most). */
  visaNumber: string;
  nationality: string;
  birthDate: string;
  sex: "M" | "F" | "X";
  validUntil: string;
};

const lineLength = 36;
const nameLength = lineLength - 5;
/**
 * The part of the MRZ that the seal carries: line 1 and the first 28 characters of line 2, up to
 * the check digit of the expiry date. ICAO Doc 9303-13's visa profile leaves out line 2's optional
 * data (positions 29-36), so that the 64 characters fit 44 C40 bytes.
 */
export const sealedMrzLength = lineLength + 28;

// Doc 9303 Part 3 (6.A) transliterations of Latin letters that are not a base letter and a mark.
const latinLetters: Readonly<Record<string, string>> = { Æ: "AE", Ø: "OE", Œ: "OE", ß: "SS", Þ: "TH", Ð: "D", Ł: "L" };

/**
 * An MRZ field: capitals, digits and `<`. Marks are dropped (É → E), Æ Ø Œ ß Þ Ð Ł written as Doc
 * 9303 does, spaces and hyphens become `<`, apostrophes go. Other scripts cannot be written: the
 * caller passes the passport's own MRZ transliteration.
 */
function mrzText(field: string, value: string): string {
  const text = value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[ÆØŒÞÐŁæøœþðł]|ß/g, (letter) => latinLetters[letter === "ß" ? letter : letter.toUpperCase()]!)
    .toUpperCase()
    .replace(/['’]/g, "")
    .replace(/[\s-]+/g, "<");
  if (!/^[A-Z0-9<]*$/.test(text)) throw sealDataInvalid(field, "only Latin letters A-Z, digits and spaces fit an MRZ");
  return text;
}

function mrzDate(field: string, date: string): string {
  if (!isIsoDate(date)) throw sealDataInvalid(field, "not a YYYY-MM-DD date");
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}

function code(field: string, value: string, length: number): string {
  const text = mrzText(field, value);
  if (text.length === 0 || text.length > length || !/^[A-Z0-9]+$/.test(text)) {
    throw sealDataInvalid(field, `1 to ${length} letters or digits`);
  }
  return text.padEnd(length, "<");
}

/**
 * The MRZ of the visa (MRV-B, Doc 9303 Part 7, 5): `V<`, the issuing state and the name in line 1;
 * the visa number, nationality, birth date, sex and the last day of validity, each number with its
 * check digit, in line 2, whose optional data stays empty. A name longer than the 31 places of line
 * 1 is cut at the end, as Doc 9303 Part 3 allows (given names first).
 *
 * @throws {VerifyError} `ENTRADA_SEAL_DATA_INVALID` when a field cannot be written in an MRZ.
 * @example
 * buildVisaMrz({ issuingState: "UTO", surname: "ERIKSSON", givenNames: "ANNA MARIA", visaNumber: "L8988901C",
 *   nationality: "XXX", birthDate: "1974-08-12", sex: "F", validUntil: "2026-04-15" })
 * // ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX7408122F2604159<<<<<<<<"]
 */
export function buildVisaMrz(fields: VisaMrzFields): VisaMrz {
  const state = code("issuingState", fields.issuingState, 3);
  const surname = mrzText("surname", fields.surname).replace(/^<+|<+$/g, "");
  const givenNames = mrzText("givenNames", fields.givenNames).replace(/^<+|<+$/g, "");
  if (surname.length === 0) throw sealDataInvalid("surname", "empty");
  const name = (givenNames.length > 0 ? `${surname}<<${givenNames}` : surname).slice(0, nameLength);
  const line1 = `V<${state}${name.padEnd(nameLength, "<")}`;

  const visaNumber = code("reference", fields.visaNumber, 9);
  const nationality = code("nationality", fields.nationality, 3);
  const birthDate = mrzDate("birthDate", fields.birthDate);
  const validUntil = mrzDate("validUntil", fields.validUntil);
  const sex = { M: "M", F: "F", X: "<" }[fields.sex];
  if (sex === undefined) throw sealDataInvalid("sex", "M, F or X");
  const line2 = [
    visaNumber,
    computeCheckDigit(visaNumber),
    nationality,
    birthDate,
    computeCheckDigit(birthDate),
    sex,
    validUntil,
    computeCheckDigit(validUntil),
  ]
    .join("")
    .padEnd(lineLength, "<");
  return [line1, line2];
}

/**
 * The fields of a visa MRZ as a seal carries it (the first {@link sealedMrzLength} characters, or
 * both full lines). The MRZ drops the century: the birth date is the latest one not after
 * `referenceDate` (the seal's issue date), the end of validity the one within 50 years of it.
 *
 * @throws {VerifyError} `ENTRADA_SEAL_MALFORMED` (reason `mrz`) when it is not a visa MRZ or a check digit is wrong.
 * @example
 * parseVisaMrz("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<L8988901C4XXX7408122F2604159", "2026-01-01").surname // "ERIKSSON"
 */
export function parseVisaMrz(text: string, referenceDate: string): VisaMrzFields {
  const malformed = (what: string) => sealMalformed("mrz", `the visa MRZ ${what}`);
  if (text.length < sealedMrzLength || !/^[A-Z0-9<]+$/.test(text)) throw malformed("is not 64 MRZ characters");
  if (text[0] !== "V") throw malformed("is not a visa's (document code V)");
  const issuingState = text.slice(2, 5).replace(/<+$/, "");
  const name = text.slice(5, lineLength).replace(/<+$/, "");
  const split = name.indexOf("<<");
  const surname = (split === -1 ? name : name.slice(0, split)).replace(/</g, " ");
  const givenNames =
    split === -1
      ? ""
      : name
          .slice(split + 2)
          .replace(/</g, " ")
          .trim();

  const line2 = text.slice(lineLength);
  const fieldWithCheck = (start: number, length: number, what: string) => {
    const value = line2.slice(start, start + length);
    if (String(computeCheckDigit(value)) !== line2[start + length])
      throw malformed(`has a wrong check digit (${what})`);
    return value;
  };
  const visaNumber = fieldWithCheck(0, 9, "visa number").replace(/<+$/, "");
  const nationality = line2.slice(10, 13).replace(/<+$/, "");
  const birth = fieldWithCheck(13, 6, "birth date");
  const sexCharacter = line2[20];
  const until = fieldWithCheck(21, 6, "valid until");
  const sex = sexCharacter === "M" || sexCharacter === "F" ? sexCharacter : sexCharacter === "<" ? "X" : undefined;
  if (sex === undefined) throw malformed("has no sex M, F or <");
  const birthDate = fullDate(birth, referenceDate, "birth");
  const validUntil = fullDate(until, referenceDate, "expiry");
  if (birthDate === undefined || validUntil === undefined) throw malformed("holds a date that does not exist");
  return { issuingState, surname, givenNames, visaNumber, nationality, birthDate, sex, validUntil };
}

function fullDate(yymmdd: string, referenceDate: string, kind: "birth" | "expiry"): string | undefined {
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  const referenceYear = Number(referenceDate.slice(0, 4));
  let year = Math.floor(referenceYear / 100) * 100 + Number(yymmdd.slice(0, 2));
  const monthDay = `${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  if (kind === "birth") {
    if (`${year}-${monthDay}` > referenceDate) year -= 100;
  } else if (year > referenceYear + 50) {
    year -= 100;
  } else if (year < referenceYear - 50) {
    year += 100;
  }
  const date = `${String(year).padStart(4, "0")}-${monthDay}`;
  return isIsoDate(date) ? date : undefined;
}
