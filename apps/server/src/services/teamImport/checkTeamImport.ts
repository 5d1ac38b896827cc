import type { Catalogue } from "@entrada/core";
import { mrzCountryToIso } from "@entrada/identity";
import { checkImportRow, type ImportedTraveller, type TeamImportProblem } from "./checkImportRow.ts";
import { answerColumn, importAnswerFields, importColumns } from "./importColumns.ts";
import { readImportTable } from "./readImportTable.ts";

/** A passport of one of the organisation's open applications. */
export type OpenPassport = {
  /** ISO 3166-1 alpha-3 or MRZ code (`D` and `DEU` are the same). */
  readonly issuingCountry: string;
  readonly passportNumber: string;
};

/** Parameters of {@link checkTeamImport}. */
export type CheckTeamImportParameters = {
  catalogue: Catalogue;
  /** Passports of the organisation's applications that are still open (not rejected, refunded, cancelled or expired). */
  organisationOpenPassports: readonly OpenPassport[];
  /** `YYYY-MM-DD`: the day of the check, for travel dates, birth dates and passport validity. */
  today: string;
};

/** The import report: the body of `201` of `POST /organisations/:id/imports`, with the travellers it would file. */
export type CheckTeamImportReturnType = {
  /** Travellers' rows in the file (blank rows not counted). */
  rows: number;
  /** Rows without a problem. */
  valid: number;
  /** Rows with at least one problem. */
  invalid: number;
  /** Every problem of every row, by row, then in template column order. */
  errors: TeamImportProblem[];
  /** The valid rows' travellers, in file order. */
  travellers: ImportedTraveller[];
};

/**
 * Checks a team import file's text (see `decodeImportFile` for its bytes) against the template and
 * the catalogue, and reports every problem of every row at once, each with a stable code, the row
 * as a spreadsheet shows it and the template column. A passport given twice is refused on every
 * row after the first (issuing country and number; the first row is kept) and on any row whose
 * passport is already in one of the organisation's open applications. Nothing is stored: the
 * caller keeps the report and files the travellers when the admin commits.
 *
 * Values are kept as typed (trimmed): a cell starting with `=` is data, never evaluated here; CSV
 * exports pass every cell through `neutraliseCsvCell`.
 *
 * @throws {TeamImportFileError} when the file is unusable as a whole (see `readImportTable`).
 * @example
 * checkTeamImport(text, { catalogue, organisationOpenPassports: [], today: "2027-01-04" })
 * // { rows: 20, valid: 18, invalid: 2, errors: [{ row: 5, column: "passport_expiry", code: "ENTRADA_IMPORT_PASSPORT_EXPIRES_TOO_SOON", … }, …], travellers: [ … 18 ] }
 */
export function checkTeamImport(
  text: string,
  { catalogue, organisationOpenPassports, today }: CheckTeamImportParameters,
): CheckTeamImportReturnType {
  const { rows } = readImportTable(text);
  const open = new Set(organisationOpenPassports.map((p) => passportKey(p.issuingCountry, p.passportNumber)));
  const firstRowOf = new Map<string, number>();
  const errors: TeamImportProblem[] = [];
  const travellers: ImportedTraveller[] = [];
  let invalid = 0;
  for (const tableRow of rows) {
    const { problems, traveller } = checkImportRow(tableRow, { catalogue, today });
    const number = tableRow.cells.passport_number ?? "";
    const issuer = (tableRow.cells.issuing_country ?? "").toUpperCase();
    // Only a passport whose cells are well formed can be a duplicate; a bad cell is reported already.
    const wellFormed = !problems.some((p) => p.column === "passport_number" || p.column === "issuing_country");
    if (wellFormed && number !== "" && issuer !== "") {
      const key = passportKey(issuer, number);
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        problems.push({
          row: tableRow.row,
          column: "passport_number",
          code: "ENTRADA_IMPORT_PASSPORT_DUPLICATE_IN_FILE",
          message: `Row ${first} has the same passport; each traveller is imported once.`,
        });
      } else firstRowOf.set(key, tableRow.row);
      if (open.has(key)) {
        problems.push({
          row: tableRow.row,
          column: "passport_number",
          code: "ENTRADA_IMPORT_PASSPORT_DUPLICATE_OPEN",
          message: "The organisation already has an open application for this passport.",
        });
      }
    }
    errors.push(...problems.sort((a, b) => columnOrder(a.column) - columnOrder(b.column)));
    if (problems.length === 0 && traveller !== null) travellers.push(traveller);
    else invalid++;
  }
  return { rows: rows.length, valid: travellers.length, invalid, errors, travellers };
}

/** One passport: its issuer's ISO code and its number in capitals without spaces or hyphens. */
function passportKey(issuingCountry: string, passportNumber: string): string {
  return `${mrzCountryToIso(issuingCountry.trim().toUpperCase())}:${passportNumber.toUpperCase().replace(/[\s-]+/g, "")}`;
}

/** Problems of a row in the template's order: the row's own first, then the fixed columns, then answers. */
const columnRank = new Map<string | null, number>(
  [null, ...importColumns, ...importAnswerFields.map(answerColumn)].map((column, rank) => [column, rank]),
);

function columnOrder(column: string | null): number {
  return columnRank.get(column) ?? columnRank.size;
}
