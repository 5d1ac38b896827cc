import { seedCatalogue } from "@entrada/core";
import { describe, expect, test } from "vitest";
import { importColumns } from "./importColumns.ts";
import { importRowLimit, readImportTable } from "./readImportTable.ts";
import { fixtureColumns, importFileError, toCsv, travellerRow } from "./teamImportFixtures.ts";

const product = seedCatalogue().product("us-esta");
const columns = fixtureColumns(product);
const header = columns.join(",");

describe("readImportTable", () => {
  test("numbers rows as a spreadsheet does: a quoted cell with line breaks is one row, blank rows keep their number", () => {
    const first = travellerRow(0, product);
    const second = travellerRow(1, product, { "answer.home_address": "Flat 2\r\n1 High Street\nLondon" });
    const third = travellerRow(2, product);
    const withoutHeader = (csv: string) => csv.slice(header.length + 2);
    const text = `${toCsv(columns, [first, second])}\r\n,,,\r\n${withoutHeader(toCsv(columns, [third]))}`;
    const { rows } = readImportTable(text);
    // Header row 1; Smith row 2; Müller row 3 (its address spans three lines of the file); rows 4 and 5 blank.
    expect(rows.map((r) => [r.row, r.cells.surname])).toEqual([
      [2, "Smith"],
      [3, "Müller"],
      [6, "Lefèvre"],
    ]);
    expect(rows[1]!.cells["answer.home_address"]).toBe("Flat 2\r\n1 High Street\nLondon");
  });

  test("reads the separator from the header: semicolons (Excel where the decimal mark is a comma) and tabs", () => {
    const row = travellerRow(0, product);
    for (const separator of [";", "\t"]) {
      const { rows } = readImportTable(toCsv(columns, [row], separator));
      expect(rows[0]!.cells).toEqual(row);
    }
  });

  test("trims cells, reads a stray quote as text, and accepts LF and CR line ends", () => {
    const text = `${header}\n  O"Brien  ,Siobhán\r${"x,".repeat(columns.length - 1)}x\n`;
    const { rows } = readImportTable(text);
    expect(rows.map((r) => [r.row, r.cells.surname, r.cells.given_names])).toEqual([
      [2, 'O"Brien', "Siobhán"],
      [3, "x", "x"],
    ]);
  });

  test("accepts header names in any case and a byte order mark left in the text", () => {
    const { columns: read } = readImportTable(`\uFEFF${header.toUpperCase()}\r\nSmith\r\n`);
    expect(read).toEqual(columns);
  });

  test("flags a row with a value beyond the header", () => {
    const { rows } = readImportTable(`${header}\r\n${"a,".repeat(columns.length)}extra\r\n`);
    expect(rows[0]!.tooLong).toBe(true);
  });

  test("refuses an empty file, a file of blank lines and a header without travellers", () => {
    for (const text of ["", "\r\n\r\n", `${header}\r\n`, `${header}\r\n,,,\r\n\r\n`]) {
      const error = importFileError(() => readImportTable(text));
      expect(error.code).toBe("ENTRADA_IMPORT_FILE_EMPTY");
      expect(error.status).toBe(422);
    }
  });

  test("refuses a quoted cell that is never closed, naming the row it starts in", () => {
    const error = importFileError(() => readImportTable(`${header}\r\nSmith\r\n"Müller,Jürgen\r\nLefèvre\r\n`));
    expect(error.code).toBe("ENTRADA_IMPORT_CSV_MALFORMED");
    expect(error.details).toEqual({ row: 3, reason: "CSV_QUOTE_NOT_CLOSED" });
  });

  test("refuses missing columns, naming each", () => {
    const without = columns.filter((c) => c !== "passport_expiry" && c !== "mrz_line2");
    const error = importFileError(() => readImportTable(`${without.join(",")}\r\nSmith\r\n`));
    expect(error.code).toBe("ENTRADA_IMPORT_COLUMNS_INVALID");
    expect(error.details).toEqual({ missing: ["passport_expiry", "mrz_line2"], unknown: [], duplicated: [] });
  });

  test("refuses extra columns that are not answer.<known field>, and duplicates, all in one error", () => {
    const text = `${header},department,answer.shoe_size,surname\r\nSmith\r\n`;
    const error = importFileError(() => readImportTable(text));
    expect(error.details).toEqual({
      missing: [],
      unknown: ["department", "answer.shoe_size"],
      duplicated: ["surname"],
    });
    expect(error.shortMessage).toBe(
      "The header row is not the template's: not in the template department, answer.shoe_size; given twice surname.",
    );
  });

  test("accepts answer columns the product does not require, and an unnamed empty column", () => {
    const { columns: read } = readImportTable(`${importColumns.join(",")},answer.occupation,\r\nSmith\r\n`);
    expect(read).toEqual([...importColumns, "answer.occupation"]);
  });

  test(`takes ${importRowLimit} travellers and refuses ${importRowLimit + 1}`, () => {
    const line = toCsv(columns, [travellerRow(0, product)]).split("\r\n")[1]!;
    const file = (rows: number) => `${header}\r\n${`${line}\r\n`.repeat(rows)}\r\n`;
    expect(readImportTable(file(importRowLimit)).rows).toHaveLength(5000);
    const error = importFileError(() => readImportTable(file(importRowLimit + 1)));
    expect(error.code).toBe("ENTRADA_IMPORT_TOO_MANY_ROWS");
    expect(error.status).toBe(413);
    expect(error.details).toEqual({ limitRows: 5000, rows: 5001 });
  });
});
