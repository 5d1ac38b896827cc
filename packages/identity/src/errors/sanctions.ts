import { IdentityError, truncate } from "./IdentityError.ts";

/**
 * Text that is not well-formed CSV.
 *
 * @example
 * parseCsv('a,"b\n') // throws InvalidCsvError (line 1: unterminated quote)
 */
export class InvalidCsvError extends IdentityError {
  override name = "InvalidCsvError" as const;
  constructor({ line, reason }: { line: number; reason: string }) {
    super(`CSV line ${line}: ${reason}.`, { code: "ENTRADA_CSV_INVALID", details: { line, reason } });
  }
}

/**
 * A sanctions list that is not in the OFAC SDN/ALT CSV layout. Screening must not run on a list
 * it only half read, so this stops start-up.
 *
 * @example
 * parseSanctionsList({ sdn: "1,ONLY TWO COLUMNS" }) // throws InvalidSanctionsListError (sdn line 1)
 */
export class InvalidSanctionsListError extends IdentityError {
  override name = "InvalidSanctionsListError" as const;
  constructor({ file, line, reason, cause }: { file: "sdn" | "alt"; line: number; reason: string; cause?: unknown }) {
    super(`Sanctions list ${file} line ${line}: ${truncate(reason, 160)}.`, {
      code: "ENTRADA_SANCTIONS_LIST_INVALID",
      details: { file, line, reason: truncate(reason, 160) },
      cause,
    });
  }
}
