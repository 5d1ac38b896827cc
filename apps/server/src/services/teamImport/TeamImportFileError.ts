import { CodedError, type ErrorDetails } from "@entrada/core";
import { type TeamImportFileCode, teamImportFileCodes } from "./teamImportCodes.ts";

/**
 * A team import file refused as a whole (too large, undecodable, not the template's header…): the
 * API answers it like any coded error, with the status of {@link teamImportFileCodes}. Problems of
 * single travellers are not thrown: they are the rows of the import report.
 *
 * @example
 * throw new TeamImportFileError("ENTRADA_IMPORT_FILE_EMPTY", "The file has no traveller.");
 */
export class TeamImportFileError extends CodedError<TeamImportFileCode> {
  override name = "TeamImportFileError";

  constructor(code: TeamImportFileCode, shortMessage: string, details: ErrorDetails = {}, cause?: unknown) {
    super(shortMessage, { code, status: teamImportFileCodes[code].status, details, cause });
  }
}
