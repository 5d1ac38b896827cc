import { CsvError, parse } from "csv-parse/sync";
import { answerColumn, importAnswerFields, importColumns } from "./importColumns.ts";
import { TeamImportFileError } from "./TeamImportFileError.ts";

/** The most travellers one import file may hold. */
export const importRowLimit = 5000;

/** One traveller's row of an import file. */
export type ImportTableRow = {
  /** The row as a spreadsheet numbers it: the header is row 1, and a cell with line breaks stays in one row. */
  readonly row: number;
  /** Trimmed cell values by header column (lower case); a short row's missing cells are "". */
  readonly cells: Readonly<Record<string, string>>;
  /** Whether the row has a value beyond the header's named columns. */
  readonly tooLong: boolean;
};

/** What {@link readImportTable} returns. */
export type ImportTable = {
  /** The header's column names, lower case, in file order. */
  readonly columns: readonly string[];
  /** The travellers' rows, blank rows left out (they keep their numbers). */
  readonly rows: readonly ImportTableRow[];
};

const allowedColumns: ReadonlySet<string> = new Set([...importColumns, ...importAnswerFields.map(answerColumn)]);

/**
 * Reads the rows of an import file with csv-parse, after checking what makes the whole file
 * unusable. Spreadsheet conventions are kept: the separator is the header's (`,`; `;` where Excel's
 * locale uses a decimal comma; a tab in Excel's "Unicode text"), blank rows are skipped but counted
 * so that row numbers stay those Excel shows, quoted cells may hold line breaks, a stray quote
 * inside an unquoted cell is text (`O"Brien`), and lines may end in CRLF, LF or CR.
 *
 * @throws {TeamImportFileError} `ENTRADA_IMPORT_FILE_EMPTY`, `ENTRADA_IMPORT_CSV_MALFORMED`,
 *   `ENTRADA_IMPORT_COLUMNS_INVALID` (every header problem at once), `ENTRADA_IMPORT_TOO_MANY_ROWS`.
 * @example
 * readImportTable("surname,given_names,…\r\nEriksson,Anna,…\r\n")
 * // { columns: ["surname", "given_names", …], rows: [{ row: 2, cells: { surname: "Eriksson", … }, tooLong: false }] }
 */
export function readImportTable(text: string): ImportTable {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") {
    throw new TeamImportFileError("ENTRADA_IMPORT_FILE_EMPTY", "The file is empty; fill in the template.", {
      rows: 0,
    });
  }
  let records: string[][];
  try {
    records = parse(body, {
      delimiter: separatorOf(body),
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // `records` counts the rows read before the one the reader stopped in (header and blank ones too).
    const row = Number((error as CsvError & { records?: number }).records ?? 0) + 1;
    throw new TeamImportFileError(
      "ENTRADA_IMPORT_CSV_MALFORMED",
      `The file cannot be read as CSV from row ${row}: ${error.code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted cell is never closed" : "a quote is misplaced"}.`,
      { row, reason: error.code },
      error,
    );
  }

  const header = (records[0] ?? []).map((name) => name.trim().toLowerCase());
  checkHeader(header);
  const named = header.flatMap((name, index) => (name === "" ? [] : [[name, index] as const]));
  const rows: ImportTableRow[] = [];
  for (const [index, record] of records.entries()) {
    if (index === 0 || record.every((cell) => cell.trim() === "")) continue;
    const cells: Record<string, string> = {};
    for (const [name, at] of named) cells[name] = (record[at] ?? "").trim();
    const tooLong = record.some((cell, at) => cell.trim() !== "" && (at >= header.length || header[at] === ""));
    rows.push({ row: index + 1, cells, tooLong });
  }
  if (rows.length === 0) {
    throw new TeamImportFileError("ENTRADA_IMPORT_FILE_EMPTY", "The file has a header and no traveller.", {
      rows: 0,
    });
  }
  if (rows.length > importRowLimit) {
    throw new TeamImportFileError(
      "ENTRADA_IMPORT_TOO_MANY_ROWS",
      `The file has ${rows.length} travellers; one import takes at most ${importRowLimit}. Split the team into several files.`,
      { limitRows: importRowLimit, rows: rows.length },
    );
  }
  return { columns: header.filter((name) => name !== ""), rows };
}

/** The header's separator: whichever of `,`, `;` and tab its first line holds most of. */
function separatorOf(body: string): string {
  const firstLine = body.slice(0, body.search(/\r|\n|$/));
  const count = (separator: string) => firstLine.split(separator).length - 1;
  return [";", "\t"].reduce((best, separator) => (count(separator) > count(best) ? separator : best), ",");
}

function checkHeader(header: readonly string[]): void {
  const present = new Set(header);
  const missing = importColumns.filter((name) => !present.has(name));
  const unknown = [...present].filter((name) => name !== "" && !allowedColumns.has(name));
  const duplicated = [...present].filter((name) => name !== "" && header.indexOf(name) !== header.lastIndexOf(name));
  if (missing.length + unknown.length + duplicated.length === 0) return;
  const parts = [
    missing.length > 0 ? `missing ${missing.join(", ")}` : "",
    unknown.length > 0 ? `not in the template ${unknown.join(", ")}` : "",
    duplicated.length > 0 ? `given twice ${duplicated.join(", ")}` : "",
  ].filter((part) => part !== "");
  throw new TeamImportFileError(
    "ENTRADA_IMPORT_COLUMNS_INVALID",
    `The header row is not the template's: ${parts.join("; ")}.`,
    { missing, unknown, duplicated },
  );
}
