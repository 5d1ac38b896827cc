import { describe, expect, it } from "vitest";
import { computeMrzCheckDigit } from "./computeMrzCheckDigit.ts";
import { type MrzFormat, mrzLayouts } from "./mrzLayouts.ts";
import { type MrzError, validateMrz } from "./validateMrz.ts";

const now = new Date("2026-03-01T12:00:00Z");

// ICAO Doc 9303 specimens: Part 4 (TD3), Part 5 (TD1) and Part 6 (TD2).
const td3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
const td1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"];
const td2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"];
// Part 5's example of a document number longer than 9 characters: it continues in the optional data.
const td1Long = ["I<UTOD23145890<1233<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"];

/** Replaces characters of one line. */
function edit(lines: readonly string[], line: number, start: number, text: string): string[] {
  return lines.map((value, index) =>
    index === line ? value.slice(0, start) + text + value.slice(start + text.length) : value,
  );
}

/** Recomputes every check digit, so that a test reaches the check after them. */
function reseal(lines: readonly string[], format: MrzFormat): string[] {
  const layout = mrzLayouts[format];
  let result = [...lines];
  const read = (s: { line: number; start: number; end: number }) => result[s.line]!.slice(s.start, s.end);
  const pairs = [
    [layout.documentNumber, layout.documentNumberCheck],
    [layout.birthDate, layout.birthDateCheck],
    [layout.expiryDate, layout.expiryDateCheck],
  ] as const;
  for (const [field, check] of pairs) {
    result = edit(result, check.line, check.start, String(computeMrzCheckDigit(read(field))));
  }
  const composite = String(computeMrzCheckDigit(layout.compositeSpans.map(read).join("")));
  return edit(result, layout.composite.line, layout.composite.start, composite);
}

const errorsOf = (lines: readonly string[]): readonly MrzError[] => validateMrz(lines, { now }).errors;

describe("validateMrz", () => {
  it("reads ICAO's TD3 passport specimen", () => {
    expect(validateMrz(td3, { now })).toMatchInlineSnapshot(`
      {
        "errors": [],
        "fields": {
          "birthDate": "1974-08-12",
          "documentCode": "P",
          "documentNumber": "L898902C3",
          "expiryDate": "2012-04-15",
          "givenNames": "ANNA MARIA",
          "issuingCountry": "UTO",
          "nationality": "UTO",
          "optionalData": "ZE184226B",
          "optionalData2": null,
          "sex": "F",
          "surname": "ERIKSSON",
        },
        "format": "TD3",
        "valid": true,
      }
    `);
  });

  it("reads ICAO's TD1 and TD2 card specimens", () => {
    for (const [lines, format] of [
      [td1, "TD1"],
      [td2, "TD2"],
    ] as const) {
      const result = validateMrz(lines, { now });
      expect(result).toMatchObject({ valid: true, format, errors: [] });
      expect(result.fields).toMatchObject({
        documentCode: "I",
        documentNumber: "D23145890",
        surname: "ERIKSSON",
        givenNames: "ANNA MARIA",
        birthDate: "1974-08-12",
        expiryDate: "2012-04-15",
        nationality: "UTO",
      });
    }
  });

  it("reads a card's long document number from the optional data", () => {
    const result = validateMrz(td1Long, { now });
    expect(result.errors).toEqual([]);
    expect(result.fields).toMatchObject({ documentNumber: "D23145890123", optionalData: "" });
    expect(errorsOf(edit(td1Long, 0, 18, "4"))).toContainEqual({ field: "documentNumber", code: "check_digit" });
  });

  it("trims surrounding white space but nothing else", () => {
    expect(validateMrz([` ${td3[0]}\r`, `${td3[1]}\n`], { now }).valid).toBe(true);
  });

  it("infers the century of birth dates from today", () => {
    const born2010 = reseal(edit(td3, 1, 13, "100101"), "TD3");
    expect(validateMrz(born2010, { now }).fields.birthDate).toBe("2010-01-01");
    const born1930 = reseal(edit(td3, 1, 13, "300101"), "TD3");
    expect(validateMrz(born1930, { now }).fields.birthDate).toBe("1930-01-01");
    expect(validateMrz(born2010, { now: new Date("2009-06-01") }).fields.birthDate).toBe("1910-01-01");
  });

  describe("names the element and the problem", () => {
    it("invalid_length: line count and line lengths", () => {
      expect(validateMrz([td3[0]!], { now })).toMatchObject({
        valid: false,
        format: null,
        errors: [{ field: "lines", code: "invalid_length" }],
      });
      expect(errorsOf([])).toEqual([{ field: "lines", code: "invalid_length" }]);
      expect(validateMrz([td3[0]!, td3[1]!.slice(0, 43)], { now })).toMatchObject({
        format: "TD3",
        errors: [{ field: "line2", code: "invalid_length" }],
      });
      expect(errorsOf([td1[0]!, `${td1[1]!}<`, td1[2]!])).toEqual([{ field: "line2", code: "invalid_length" }]);
    });

    it("invalid_character: lower case, an OCR letter O in a date, punctuation", () => {
      expect(errorsOf(edit(td3, 0, 5, "e"))).toEqual([{ field: "name", code: "invalid_character" }]);
      expect(errorsOf(edit(td3, 1, 13, "O"))).toEqual([
        { field: "birthDate", code: "invalid_character" },
        { field: "composite", code: "composite_check_digit" },
      ]);
      expect(errorsOf(edit(td3, 1, 2, "-"))).toEqual([{ field: "documentNumber", code: "invalid_character" }]);
      expect(errorsOf(edit(td3, 1, 10, "U1O"))).toEqual([{ field: "nationality", code: "invalid_character" }]);
    });

    it("check_digit: for each element with its own check digit", () => {
      expect(errorsOf(edit(td3, 1, 9, "7"))).toEqual([
        { field: "documentNumber", code: "check_digit" },
        { field: "composite", code: "composite_check_digit" },
      ]);
      expect(errorsOf(edit(td3, 1, 19, "3"))).toContainEqual({ field: "birthDate", code: "check_digit" });
      expect(errorsOf(edit(td3, 1, 27, "<"))).toContainEqual({ field: "expiryDate", code: "check_digit" });
      expect(errorsOf(edit(td3, 1, 42, "2"))).toContainEqual({ field: "optionalData", code: "check_digit" });
      // A typo in the element itself, with the check digit left as printed.
      expect(errorsOf(edit(td3, 1, 0, "M"))).toContainEqual({ field: "documentNumber", code: "check_digit" });
    });

    it("composite_check_digit: the composite alone", () => {
      expect(errorsOf(edit(td3, 1, 43, "1"))).toEqual([{ field: "composite", code: "composite_check_digit" }]);
      expect(errorsOf(edit(td1, 1, 29, "1"))).toEqual([{ field: "composite", code: "composite_check_digit" }]);
      expect(errorsOf(edit(td2, 1, 35, "1"))).toEqual([{ field: "composite", code: "composite_check_digit" }]);
    });

    it("invalid_date: a month 13 or a 30 February, even with matching check digits", () => {
      expect(errorsOf(reseal(edit(td3, 1, 13, "741312"), "TD3"))).toEqual([
        { field: "birthDate", code: "invalid_date" },
      ]);
      expect(errorsOf(reseal(edit(td3, 1, 21, "270230"), "TD3"))).toEqual([
        { field: "expiryDate", code: "invalid_date" },
      ]);
      // 2000 is a leap year; 2100, 1900 and 2026 are not.
      expect(errorsOf(reseal(edit(td3, 1, 21, "000229"), "TD3"))).toEqual([]);
    });

    it("invalid_country: issuing state and nationality", () => {
      expect(errorsOf(edit(td3, 0, 2, "ZZZ"))).toEqual([{ field: "issuingCountry", code: "invalid_country" }]);
      expect(errorsOf(edit(td3, 1, 10, "XYZ"))).toEqual([{ field: "nationality", code: "invalid_country" }]);
      expect(validateMrz(edit(td3, 1, 10, "D<<"), { now }).fields.nationality).toBe("D");
    });

    it("invalid_document_code: passports start with P, cards with A, C or I (never V)", () => {
      expect(errorsOf(edit(td3, 0, 0, "V"))).toEqual([{ field: "documentCode", code: "invalid_document_code" }]);
      expect(errorsOf(edit(td1, 0, 0, "P"))).toEqual([{ field: "documentCode", code: "invalid_document_code" }]);
      expect(errorsOf(edit(td2, 0, 0, "IV"))).toEqual([{ field: "documentCode", code: "invalid_document_code" }]);
      expect(validateMrz(edit(td1, 0, 0, "ID"), { now }).fields.documentCode).toBe("ID");
    });

    it("invalid_sex: anything but M, F, < and X", () => {
      expect(errorsOf(edit(td3, 1, 20, "Q"))).toEqual([{ field: "sex", code: "invalid_sex" }]);
      expect(validateMrz(edit(td3, 1, 20, "<"), { now }).fields.sex).toBe("X");
      expect(validateMrz(edit(td3, 1, 20, "X"), { now }).fields.sex).toBe("X");
    });

    it("missing: an empty document number or surname", () => {
      expect(errorsOf(reseal(edit(td3, 1, 0, "<<<<<<<<<"), "TD3"))).toEqual([
        { field: "documentNumber", code: "missing" },
      ]);
      expect(errorsOf(edit(td3, 0, 5, "<<ERIKSSON<ANNA<MARIA"))).toEqual([{ field: "name", code: "missing" }]);
    });
  });

  it("reports every broken element at once", () => {
    const broken = edit(edit(td3, 0, 2, "ZZZ"), 1, 19, "0");
    expect(errorsOf(edit(broken, 1, 20, "Q"))).toEqual([
      { field: "issuingCountry", code: "invalid_country" },
      { field: "birthDate", code: "check_digit" },
      { field: "sex", code: "invalid_sex" },
      { field: "composite", code: "composite_check_digit" },
    ]);
    expect(validateMrz(broken, { now }).fields).toMatchObject({
      issuingCountry: null,
      birthDate: null,
      surname: "ERIKSSON",
    });
  });

  it("accepts an empty personal number with < or 0 as its check digit", () => {
    const empty = reseal(edit(td3, 1, 28, "<<<<<<<<<<<<<<<"), "TD3");
    expect(errorsOf(empty)).toEqual([]);
    expect(errorsOf(reseal(edit(empty, 1, 42, "0"), "TD3"))).toEqual([]);
    expect(errorsOf(reseal(edit(empty, 1, 42, "5"), "TD3"))).toEqual([{ field: "optionalData", code: "check_digit" }]);
  });
});
