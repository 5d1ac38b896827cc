import { InvalidCsvError } from "../errors/sanctions.ts";

/** One record of a CSV text, with the line it starts on (1-based) for error messages. */
export type CsvRecord = { readonly line: number; readonly fields: readonly string[] };

/**
 * Parses CSV as RFC 4180 writes it: fields separated by commas, records by CRLF or LF, fields in
 * double quotes may hold commas, line breaks and doubled quotes (`""`). A byte order mark is
 * dropped and blank lines are skipped. Fields are returned as written: no trimming, no type guessing.
 *
 * @throws {InvalidCsvError} on an unterminated quoted field or text after a closing quote.
 * @example
 * parseCsv('36,"AEROCARIBBEAN AIRLINES",-0-\r\n173,"ANGLO-CARIBBEAN CO., LTD.",-0-\r\n')
 * // [{ line: 1, fields: ["36", "AEROCARIBBEAN AIRLINES", "-0-"] }, { line: 2, fields: ["173", "ANGLO-CARIBBEAN CO., LTD.", "-0-"] }]
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let fields: string[] = [];
  let field = "";
  /** Whether the current field has begun: a quote only opens a quoted field at its very start. */
  let started = false;
  /** Whether the current field was quoted and its closing quote is behind us. */
  let closed = false;
  let line = 1;
  let recordLine = 1;
  let index = 0;

  const endField = (): void => {
    fields.push(field);
    field = "";
    started = false;
    closed = false;
  };
  const endRecord = (): void => {
    endField();
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (index < input.length) {
    const char = input[index]!;
    if (char === "," || char === "\n" || char === "\r") {
      if (char === ",") endField();
      else {
        endRecord();
        if (char === "\r" && input[index + 1] === "\n") index++;
        line++;
        recordLine = line;
      }
      index++;
      continue;
    }
    if (closed) throw new InvalidCsvError({ line, reason: `unexpected "${char}" after a closing quote` });
    if (char === '"' && !started) {
      const openedOn = line;
      index++;
      for (;;) {
        const inner = input[index];
        if (inner === undefined) throw new InvalidCsvError({ line: openedOn, reason: "unterminated quoted field" });
        index++;
        if (inner === '"') {
          if (input[index] !== '"') break;
          index++;
        } else if (inner === "\n") {
          line++;
        }
        field += inner;
      }
      started = true;
      closed = true;
      continue;
    }
    field += char;
    started = true;
    index++;
  }
  if (started || fields.length > 0) endRecord();
  return records;
}
