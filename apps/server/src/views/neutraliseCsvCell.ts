/** Characters that make a spreadsheet read a cell as a formula (or start one through a control character). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * A value made safe for a cell of a CSV file that people open in a spreadsheet: one that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so that Excel,
 * LibreOffice and Google Sheets show it as text instead of running it (`=HYPERLINK(…)`,
 * `=cmd|' /C calc'!A0`): OWASP's "CSV injection" advice. Imported values are stored as typed; every
 * CSV export of them passes each cell through this, then quotes it as CSV does.
 *
 * @example
 * neutraliseCsvCell('=HYPERLINK("https://evil.test","Smith")') // '\'=HYPERLINK("https://evil.test","Smith")'
 * neutraliseCsvCell("Smith") // "Smith"
 */
export function neutraliseCsvCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}
