/** One entry of {@link teamImportFileCodes}: a file the import refuses as a whole. */
export type TeamImportFileCodeEntry = {
  /** The HTTP status the import route answers with. */
  readonly status: number;
  /** What is wrong and what the admin does about it; docs/errors.md lists these. */
  readonly description: string;
};

/** One entry of {@link teamImportRowCodes}: a problem of one cell (or row) in the import report. */
export type TeamImportRowCodeEntry = {
  /** What is wrong and what the admin does about it; docs/errors.md lists these. */
  readonly description: string;
};

/**
 * Why a team import file is refused as a whole (issue 13 item 2): nothing in it is checked row by
 * row, and the route answers with the status below. A published code is never renamed or reused.
 *
 * @example
 * teamImportFileCodes.ENTRADA_IMPORT_FILE_TOO_LARGE.status // 413
 */
export const teamImportFileCodes = {
  ENTRADA_IMPORT_FILE_TOO_LARGE: {
    status: 413,
    description:
      "The file is larger than 10 MiB (`details.limitBytes`, `details.sizeBytes`); it is refused before it is read. Split the team into several files.",
  },
  ENTRADA_IMPORT_TOO_MANY_ROWS: {
    status: 413,
    description:
      "The file has more than 5,000 travellers (`details.limitRows`, `details.rows`; blank rows do not count). Split the team into several files.",
  },
  ENTRADA_IMPORT_FILE_EMPTY: {
    status: 422,
    description:
      "The file has no header row, or a header and no traveller. Fill in the template (`GET …/import-template`) with one traveller per row.",
  },
  ENTRADA_IMPORT_ENCODING_UNSUPPORTED: {
    status: 400,
    description:
      "`?encoding=` names a character set the import does not read (`details.encoding`); use `gb18030` or `windows-1252`, or leave it out for UTF-8 and UTF-16 with a byte order mark.",
  },
  ENTRADA_IMPORT_ENCODING_INVALID: {
    status: 422,
    description:
      "The bytes are not text in the encoding read (`details.encoding`, the first bad byte at `details.byteOffset`). Without `?encoding=` the file is read as UTF-8: a file that Excel saved as GB18030 or Windows-1252 needs `?encoding=` (`details.suggestedEncoding` guesses which), or save it as “CSV UTF-8”.",
  },
  ENTRADA_IMPORT_CSV_MALFORMED: {
    status: 422,
    description:
      "The file is not CSV that can be read: a quoted field is never closed (`details.row`, the spreadsheet row where the reader stopped; `details.reason`).",
  },
  ENTRADA_IMPORT_COLUMNS_INVALID: {
    status: 422,
    description:
      "The header row is not the template's: `details.missing` lists template columns that are absent, `details.unknown` columns that are not the template's (any column but the 15 fixed ones and `answer.<field>` for a known field), `details.duplicated` columns given twice. Every problem of the header is listed at once.",
  },
} as const satisfies Record<string, TeamImportFileCodeEntry>;

/**
 * Why one traveller of an import cannot be filed: each problem is one `{ row, column, code,
 * message }` of the import report, all found at once. A published code is never renamed or reused.
 *
 * @example
 * teamImportRowCodes.ENTRADA_IMPORT_MRZ_CHECK_DIGIT.description
 */
export const teamImportRowCodes = {
  ENTRADA_IMPORT_FIELD_MISSING: {
    description:
      "A required cell is empty: a template column, or an `answer.<field>` that the row's product requires. MRZ lines are optional, but one without the other is missing.",
  },
  ENTRADA_IMPORT_FIELD_MALFORMED: {
    description:
      "A cell is not in its column's format: names in letters (with spaces, hyphens, apostrophes, dots), `sex` M, F or X, dates `YYYY-MM-DD`, a passport number of 5 to 9 letters and digits, a country code of letters, at most 2,000 characters in an answer, `answer.criminal_record` `no` or `yes: <details>`.",
  },
  ENTRADA_IMPORT_DATE_IMPOSSIBLE: {
    description:
      "A date is written `YYYY-MM-DD` but is no day (2026-02-30), or a birth date is after the import's day.",
  },
  ENTRADA_IMPORT_COUNTRY_UNKNOWN: {
    description:
      "`nationality` or `issuing_country` is not a country code of a passport's MRZ: ISO 3166-1 alpha-3 (`DEU`) or one of ICAO's codes (`D` for Germany, read as `DEU`).",
  },
  ENTRADA_IMPORT_NATIONALITY_NOT_ELIGIBLE: {
    description: "The row's product is not issued to this nationality (the catalogue's eligible nationalities).",
  },
  ENTRADA_IMPORT_NATIONALITY_VISA_EXEMPT: {
    description:
      "This nationality needs no such authorisation for the product's purposes (a US citizen and the ESTA); leave the traveller out.",
  },
  ENTRADA_IMPORT_PRODUCT_UNKNOWN: {
    description: "`product_id` is not a product of the catalogue (`GET /api/v1/catalogue/products`).",
  },
  ENTRADA_IMPORT_LOCALE_UNSUPPORTED: {
    description: "`locale`, the language of the traveller's e-mails, is not `en`, `zh` or `es`.",
  },
  ENTRADA_IMPORT_EMAIL_INVALID: {
    description: "`email` is not an e-mail address (at most 254 characters).",
  },
  ENTRADA_IMPORT_TRAVEL_DATES_ORDER: {
    description: "`travel_to` is before `travel_from`.",
  },
  ENTRADA_IMPORT_TRAVEL_DATE_PAST: {
    description: "`travel_from` is before the import's day.",
  },
  ENTRADA_IMPORT_TRAVEL_TOO_SOON: {
    description:
      "`travel_from` is closer than the product's minimum days before travel (ESTA: 3); the authority may not decide in time.",
  },
  ENTRADA_IMPORT_TRAVEL_TOO_EARLY: {
    description: "`travel_from` is further ahead than the product accepts applications for (India: 30 days).",
  },
  ENTRADA_IMPORT_PASSPORT_EXPIRES_TOO_SOON: {
    description:
      "`passport_expiry` is less than 6 months after `travel_to` (the last day of the trip), or already past: many authorities refuse passports valid for less than six months beyond the stay.",
  },
  ENTRADA_IMPORT_PASSPORT_DUPLICATE_IN_FILE: {
    description:
      "An earlier row of the file has the same passport (issuing country and number); the first row is kept, the later ones are refused.",
  },
  ENTRADA_IMPORT_PASSPORT_DUPLICATE_OPEN: {
    description:
      "The organisation already has an open application (not decided, refunded or cancelled) for this passport.",
  },
  ENTRADA_IMPORT_MRZ_MALFORMED: {
    description:
      "An MRZ line is not a passport's (TD3: two lines of 44 characters of A-Z, 0-9 and `<`), or an element in it is invalid (document code, country, date, sex).",
  },
  ENTRADA_IMPORT_MRZ_CHECK_DIGIT: {
    description:
      "A check digit of the MRZ (document number, birth date, expiry date, personal number or the composite) does not match: a mistyped character.",
  },
  ENTRADA_IMPORT_MRZ_MISMATCH: {
    description:
      "A typed cell (reported on that column) disagrees with what the MRZ says: the passport number, a date, sex, a country or a name (names compared as the MRZ writes them, Ü as UE or U).",
  },
  ENTRADA_IMPORT_ROW_TOO_LONG: {
    description:
      "The row has more cells than the header (`column` is null): a comma too many, or an unquoted comma in a value.",
  },
} as const satisfies Record<string, TeamImportRowCodeEntry>;

/** A code of {@link teamImportFileCodes}. */
export type TeamImportFileCode = keyof typeof teamImportFileCodes;

/** A code of {@link teamImportRowCodes}. */
export type TeamImportRowCode = keyof typeof teamImportRowCodes;
