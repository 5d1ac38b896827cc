// Test fixtures for the team import: valid travellers with MRZ lines written by identity's buildMrz,
// and the CSV files a spreadsheet would save for them. Only tests import this file.

import { type Product, seedCatalogue } from "@entrada/core";
import { buildMrz } from "@entrada/identity";
import { answerColumn, importColumns, requiredImportAnswers } from "./importColumns.ts";
import { TeamImportFileError } from "./TeamImportFileError.ts";
import type { TeamImportRowCode } from "./teamImportCodes.ts";

/** The day the fixtures are checked on: every date below is relative to it. */
export const fixtureToday = "2027-01-04";

/** A row as cells by column name. */
export type FixtureRow = Record<string, string>;

/** Nationalities the seed's ESTA admits (Visa Waiver Program), with names typical of each. */
const people = [
  { nationality: "GBR", surname: "Smith", givenNames: "Oliver James" },
  { nationality: "DEU", surname: "Müller", givenNames: "Jürgen" },
  { nationality: "FRA", surname: "Lefèvre", givenNames: "Anaïs" },
  { nationality: "JPN", surname: "Tanaka", givenNames: "Yuki" },
  { nationality: "KOR", surname: "Kim", givenNames: "Min-jun" },
  { nationality: "ESP", surname: "García Núñez", givenNames: "María José" },
  { nationality: "IRL", surname: "O'Brien", givenNames: "Siobhán" },
  { nationality: "SWE", surname: "Eriksson", givenNames: "Anna Maria" },
  { nationality: "NLD", surname: "de Vries", givenNames: "Daan" },
  { nationality: "AUS", surname: "Nguyen", givenNames: "Liam" },
] as const;

const answers: Record<string, string> = {
  place_of_birth: "Manchester",
  phone: "+44 20 7946 0000",
  home_address: "1 High Street, London",
  occupation: "Engineer",
  employer: "Example Ltd",
  parents_names: "John Smith; Mary Smith",
  address_in_destination: "1 Market Street, San Francisco, CA",
  criminal_record: "no",
  passport_issue_date: "2022-03-01",
  previous_travel: "none",
};

/** Options of {@link travellerRow}. */
export type TravellerRowOptions = {
  /**
   * `agree` (default): the MRZ lines are written from the cells after `overrides`, so a changed
   * nationality or date leaves nothing for the MRZ to contradict; `original`: from the unchanged
   * traveller, for overrides that buildMrz cannot write (a malformed cell). Overrides of `mrz_line1`
   * and `mrz_line2` win either way.
   */
  mrz?: "agree" | "original";
};

/**
 * The `index`-th valid traveller for a product: distinct passport numbers, a nationality the seed's
 * ESTA admits (Visa Waiver Program members; pass `nationality` for other products), travel in four
 * weeks, a passport valid for years after, the product's answers, and MRZ lines that agree with
 * every typed cell. Germany is written `D` in its MRZ, as ICAO has it.
 *
 * @example
 * travellerRow(0, catalogue.product("us-esta")).passport_number // "GB0000001"
 */
export function travellerRow(
  index: number,
  product: Product,
  overrides: FixtureRow = {},
  { mrz = "agree" }: TravellerRowOptions = {},
): FixtureRow {
  const person = people[index % people.length]!;
  const birthDate = `19${70 + (index % 30)}-0${1 + (index % 9)}-1${index % 10}`;
  const original: FixtureRow = {
    surname: person.surname,
    given_names: person.givenNames,
    nationality: person.nationality,
    sex: ["F", "M", "X"][index % 3]!,
    birth_date: birthDate,
    passport_number: `${person.nationality.slice(0, 2)}${String(index + 1).padStart(7, "0")}`,
    passport_expiry: "2031-06-30",
    issuing_country: person.nationality,
    email: `traveller${index + 1}@example.com`,
    locale: ["en", "zh", "es"][index % 3]!,
    product_id: product.id,
    travel_from: "2027-02-01",
    travel_to: "2027-02-10",
  };
  for (const field of requiredImportAnswers(product)) original[answerColumn(field)] = answers[field] ?? "an answer";
  const row = { ...original, ...overrides };
  const [line1, line2] = mrzOf(mrz === "agree" ? row : original);
  return { ...row, mrz_line1: overrides.mrz_line1 ?? line1!, mrz_line2: overrides.mrz_line2 ?? line2! };
}

/**
 * The TD3 lines of a row's typed cells, by identity's buildMrz (`D` for Germany, as ICAO writes it).
 *
 * @example
 * mrzOf(travellerRow(0, product)) // ["P<GBRSMITH<<OLIVER<JAMES<<…", "GB00000016GBR7001109F…"]
 */
export function mrzOf(row: FixtureRow): string[] {
  const icao = (code: string) => (code === "DEU" ? "D" : code);
  return buildMrz({
    format: "TD3",
    issuingCountry: icao(row.issuing_country!),
    surname: row.surname!,
    givenNames: row.given_names!,
    documentNumber: row.passport_number!,
    nationality: icao(row.nationality!),
    birthDate: row.birth_date!,
    sex: row.sex as "M" | "F" | "X",
    expiryDate: row.passport_expiry!,
  });
}

/** The template's columns for a product, as `importTemplate` writes them. */
export function fixtureColumns(product: Product): string[] {
  return [...importColumns, ...requiredImportAnswers(product).map(answerColumn)];
}

/**
 * A CSV file as a spreadsheet saves it: the header, then each row's cells in the header's order,
 * quoted where they hold the separator, a quote or a line break; CRLF line ends.
 *
 * @example
 * toCsv(fixtureColumns(product), [travellerRow(0, product)]) // "surname,given_names,…\r\nSmith,Oliver James,…\r\n"
 */
export function toCsv(columns: readonly string[], rows: readonly FixtureRow[], separator = ","): string {
  const quote = (value: string) =>
    value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  const lines = [columns, ...rows.map((row) => columns.map((column) => row[column] ?? ""))];
  return `${lines.map((cells) => cells.map(quote).join(separator)).join("\r\n")}\r\n`;
}

/** A change to one cell of a valid ESTA traveller, and the one problem it must give. */
export type Corruption = {
  readonly name: string;
  /** The overrides of the `index`-th traveller's row. */
  readonly cells: (index: number) => FixtureRow;
  readonly options?: TravellerRowOptions;
  /** The traveller's passport is in one of the organisation's open applications. */
  readonly open?: boolean;
  readonly column: string | null;
  readonly code: TeamImportRowCode;
};

const estaProduct = seedCatalogue().product("us-esta");
const original = { mrz: "original" } as const;
/** The row's line 2 with the birth date's check digit off by one (TD3: birth 13–18, its check digit 19). */
const wrongBirthCheckDigit = (line2: string) =>
  `${line2.slice(0, 19)}${(Number(line2[19]) + 1) % 10}${line2.slice(20)}`;
/** The MRZ lines of the `index`-th traveller with some cells changed. */
const mrzWith = (index: number, cells: FixtureRow) => mrzOf({ ...travellerRow(index, estaProduct), ...cells });

/**
 * Single-cell corruptions of a valid traveller to the seed's ESTA (`us-esta`), each with the one
 * problem it must give, checked on {@link fixtureToday}. `mrz: "original"` where the corrupted cell
 * cannot be written into an MRZ. Travel is 2027-02-01 to 2027-02-10, so the passport must be valid
 * until 2027-08-10.
 */
export const estaCorruptions: readonly Corruption[] = [
  {
    name: "empty surname",
    cells: () => ({ surname: "" }),
    options: original,
    column: "surname",
    code: "ENTRADA_IMPORT_FIELD_MISSING",
  },
  { name: "empty locale", cells: () => ({ locale: "" }), column: "locale", code: "ENTRADA_IMPORT_FIELD_MISSING" },
  {
    name: "empty required answer",
    cells: () => ({ "answer.employer": "" }),
    column: "answer.employer",
    code: "ENTRADA_IMPORT_FIELD_MISSING",
  },
  {
    name: "one MRZ line only",
    cells: () => ({ mrz_line2: "" }),
    column: "mrz_line2",
    code: "ENTRADA_IMPORT_FIELD_MISSING",
  },
  {
    name: "sex spelled out",
    cells: () => ({ sex: "female" }),
    options: original,
    column: "sex",
    code: "ENTRADA_IMPORT_FIELD_MALFORMED",
  },
  {
    name: "a date as Excel shows it",
    cells: () => ({ birth_date: "10/01/1970" }),
    options: original,
    column: "birth_date",
    code: "ENTRADA_IMPORT_FIELD_MALFORMED",
  },
  {
    name: "a short passport number",
    cells: () => ({ passport_number: "GB-12" }),
    options: original,
    column: "passport_number",
    code: "ENTRADA_IMPORT_FIELD_MALFORMED",
  },
  {
    name: "a formula in a name",
    cells: () => ({ surname: '=HYPERLINK("https://evil.test","Smith")' }),
    options: original,
    column: "surname",
    code: "ENTRADA_IMPORT_FIELD_MALFORMED",
  },
  {
    name: "a criminal record answer that is neither",
    cells: () => ({ "answer.criminal_record": "maybe" }),
    column: "answer.criminal_record",
    code: "ENTRADA_IMPORT_FIELD_MALFORMED",
  },
  {
    name: "30 February",
    cells: () => ({ birth_date: "1970-02-30" }),
    options: original,
    column: "birth_date",
    code: "ENTRADA_IMPORT_DATE_IMPOSSIBLE",
  },
  {
    name: "born after today",
    cells: () => ({ birth_date: "2027-06-01" }),
    options: original,
    column: "birth_date",
    code: "ENTRADA_IMPORT_DATE_IMPOSSIBLE",
  },
  {
    name: "an unknown nationality",
    cells: () => ({ nationality: "XYZ" }),
    options: original,
    column: "nationality",
    code: "ENTRADA_IMPORT_COUNTRY_UNKNOWN",
  },
  {
    name: "a country name for a code",
    cells: () => ({ issuing_country: "United Kingdom" }),
    options: original,
    column: "issuing_country",
    code: "ENTRADA_IMPORT_COUNTRY_UNKNOWN",
  },
  {
    name: "a nationality ESTA does not admit",
    cells: () => ({ nationality: "CHN" }),
    column: "nationality",
    code: "ENTRADA_IMPORT_NATIONALITY_NOT_ELIGIBLE",
  },
  {
    name: "a US citizen for ESTA",
    cells: () => ({ nationality: "USA" }),
    column: "nationality",
    code: "ENTRADA_IMPORT_NATIONALITY_VISA_EXEMPT",
  },
  {
    name: "an unknown product",
    cells: () => ({ product_id: "us-b1" }),
    column: "product_id",
    code: "ENTRADA_IMPORT_PRODUCT_UNKNOWN",
  },
  { name: "French", cells: () => ({ locale: "fr" }), column: "locale", code: "ENTRADA_IMPORT_LOCALE_UNSUPPORTED" },
  {
    name: "an address without a domain",
    cells: () => ({ email: "oliver.smith@" }),
    column: "email",
    code: "ENTRADA_IMPORT_EMAIL_INVALID",
  },
  {
    name: "return before departure",
    cells: () => ({ travel_to: "2027-01-20" }),
    column: "travel_to",
    code: "ENTRADA_IMPORT_TRAVEL_DATES_ORDER",
  },
  {
    name: "travel yesterday",
    cells: () => ({ travel_from: "2027-01-03" }),
    column: "travel_from",
    code: "ENTRADA_IMPORT_TRAVEL_DATE_PAST",
  },
  {
    name: "travel tomorrow (ESTA: 3 days ahead)",
    cells: () => ({ travel_from: "2027-01-05" }),
    column: "travel_from",
    code: "ENTRADA_IMPORT_TRAVEL_TOO_SOON",
  },
  {
    name: "a passport expiring 6 months less a day after travel",
    cells: () => ({ passport_expiry: "2027-08-09" }),
    column: "passport_expiry",
    code: "ENTRADA_IMPORT_PASSPORT_EXPIRES_TOO_SOON",
  },
  {
    name: "an expired passport",
    cells: () => ({ passport_expiry: "2026-12-31" }),
    column: "passport_expiry",
    code: "ENTRADA_IMPORT_PASSPORT_EXPIRES_TOO_SOON",
  },
  {
    name: "a passport already in an open application",
    cells: () => ({}),
    open: true,
    column: "passport_number",
    code: "ENTRADA_IMPORT_PASSPORT_DUPLICATE_OPEN",
  },
  {
    name: "a cut MRZ line",
    cells: (index) => ({ mrz_line1: travellerRow(index, estaProduct).mrz_line1!.slice(0, 24) }),
    column: "mrz_line1",
    code: "ENTRADA_IMPORT_MRZ_MALFORMED",
  },
  {
    name: "an identity card's MRZ",
    cells: () => ({
      mrz_line1: "I<GBRSMITH<<OLIVER<<<<<<<<<<<<<<<<<<",
      mrz_line2: "GB00000016GBR7001109F3106305<<<<<<<2",
    }),
    column: "mrz_line1",
    code: "ENTRADA_IMPORT_MRZ_MALFORMED",
  },
  {
    name: "a mistyped MRZ",
    cells: (index) => ({ mrz_line2: wrongBirthCheckDigit(travellerRow(index, estaProduct).mrz_line2!) }),
    column: "mrz_line2",
    code: "ENTRADA_IMPORT_MRZ_CHECK_DIGIT",
  },
  {
    name: "an MRZ of another birth date",
    cells: (index) => ({ mrz_line2: mrzWith(index, { birth_date: "1969-12-31" })[1]! }),
    column: "birth_date",
    code: "ENTRADA_IMPORT_MRZ_MISMATCH",
  },
  {
    name: "an MRZ of another name",
    cells: (index) => ({ mrz_line1: mrzWith(index, { surname: "Jones" })[0]! }),
    column: "surname",
    code: "ENTRADA_IMPORT_MRZ_MISMATCH",
  },
];

/**
 * The TeamImportFileError a call throws; any other outcome fails the test that asks.
 *
 * @example
 * importFileError(() => readImportTable("")).code // "ENTRADA_IMPORT_FILE_EMPTY"
 */
export function importFileError(run: () => unknown): TeamImportFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof TeamImportFileError) return error;
    throw error;
  }
  throw new Error("expected a TeamImportFileError; nothing was thrown");
}
