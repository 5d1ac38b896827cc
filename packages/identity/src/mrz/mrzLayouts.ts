/** The three ICAO Doc 9303 MRZ formats: passports (TD3), and the two card sizes (TD2, TD1). */
export type MrzFormat = "TD3" | "TD2" | "TD1";

/** Characters `start` (inclusive) to `end` (exclusive) of a line, counted from 0. */
export type MrzSpan = { readonly line: number; readonly start: number; readonly end: number };

/** Where each element sits in a format, after Doc 9303 Parts 4 (TD3), 5 (TD1) and 6 (TD2). */
export type MrzLayout = {
  readonly format: MrzFormat;
  readonly lineCount: number;
  readonly lineLength: number;
  /** The two-letter document code, "P" for passports, "I", "A" or "C" for cards. */
  readonly documentCode: MrzSpan;
  readonly issuingCountry: MrzSpan;
  readonly name: MrzSpan;
  readonly documentNumber: MrzSpan;
  readonly documentNumberCheck: MrzSpan;
  readonly nationality: MrzSpan;
  readonly birthDate: MrzSpan;
  readonly birthDateCheck: MrzSpan;
  readonly sex: MrzSpan;
  readonly expiryDate: MrzSpan;
  readonly expiryDateCheck: MrzSpan;
  /** TD3's personal number, TD2's optional data, TD1's first optional data element. */
  readonly optionalData: MrzSpan;
  /** Only TD3's personal number has its own check digit. */
  readonly optionalDataCheck: MrzSpan | undefined;
  /** Only TD1 has a second optional data element (line 2). */
  readonly optionalData2: MrzSpan | undefined;
  /**
   * Cards with a document number longer than 9 characters put a `<` in its check digit position and
   * continue the number, then its check digit, in `optionalData` (Doc 9303 Part 5, 4.2.2 note j).
   */
  readonly longDocumentNumbers: boolean;
  readonly composite: MrzSpan;
  /** What the composite check digit covers, in order. */
  readonly compositeSpans: readonly MrzSpan[];
};

const span = (line: number, start: number, end: number): MrzSpan => ({ line, start, end });

/**
 * The layout of each MRZ format.
 *
 * @example
 * mrzLayouts.TD3.lineLength // 44
 */
export const mrzLayouts: { readonly [F in MrzFormat]: MrzLayout } = {
  TD3: {
    format: "TD3",
    lineCount: 2,
    lineLength: 44,
    documentCode: span(0, 0, 2),
    issuingCountry: span(0, 2, 5),
    name: span(0, 5, 44),
    documentNumber: span(1, 0, 9),
    documentNumberCheck: span(1, 9, 10),
    nationality: span(1, 10, 13),
    birthDate: span(1, 13, 19),
    birthDateCheck: span(1, 19, 20),
    sex: span(1, 20, 21),
    expiryDate: span(1, 21, 27),
    expiryDateCheck: span(1, 27, 28),
    optionalData: span(1, 28, 42),
    optionalDataCheck: span(1, 42, 43),
    optionalData2: undefined,
    longDocumentNumbers: false,
    composite: span(1, 43, 44),
    compositeSpans: [span(1, 0, 10), span(1, 13, 20), span(1, 21, 43)],
  },
  TD2: {
    format: "TD2",
    lineCount: 2,
    lineLength: 36,
    documentCode: span(0, 0, 2),
    issuingCountry: span(0, 2, 5),
    name: span(0, 5, 36),
    documentNumber: span(1, 0, 9),
    documentNumberCheck: span(1, 9, 10),
    nationality: span(1, 10, 13),
    birthDate: span(1, 13, 19),
    birthDateCheck: span(1, 19, 20),
    sex: span(1, 20, 21),
    expiryDate: span(1, 21, 27),
    expiryDateCheck: span(1, 27, 28),
    optionalData: span(1, 28, 35),
    optionalDataCheck: undefined,
    optionalData2: undefined,
    longDocumentNumbers: true,
    composite: span(1, 35, 36),
    compositeSpans: [span(1, 0, 10), span(1, 13, 20), span(1, 21, 35)],
  },
  TD1: {
    format: "TD1",
    lineCount: 3,
    lineLength: 30,
    documentCode: span(0, 0, 2),
    issuingCountry: span(0, 2, 5),
    documentNumber: span(0, 5, 14),
    documentNumberCheck: span(0, 14, 15),
    optionalData: span(0, 15, 30),
    birthDate: span(1, 0, 6),
    birthDateCheck: span(1, 6, 7),
    sex: span(1, 7, 8),
    expiryDate: span(1, 8, 14),
    expiryDateCheck: span(1, 14, 15),
    nationality: span(1, 15, 18),
    optionalData2: span(1, 18, 29),
    optionalDataCheck: undefined,
    longDocumentNumbers: true,
    composite: span(1, 29, 30),
    compositeSpans: [span(0, 5, 30), span(1, 0, 7), span(1, 8, 15), span(1, 18, 29)],
    name: span(2, 0, 30),
  },
};
