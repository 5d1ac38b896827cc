import fc from "fast-check";
import { parse } from "mrz";
import { describe, expect, it } from "vitest";
import { InvalidMrzInputError } from "../errors/mrz.ts";
import { type BuildMrzParameters, buildMrz } from "./buildMrz.ts";
import { type MrzFormat, type MrzSpan, mrzLayouts } from "./mrzLayouts.ts";
import { validateMrz } from "./validateMrz.ts";

const now = new Date("2026-06-01T00:00:00Z");

const anna = {
  issuingCountry: "UTO",
  surname: "Eriksson",
  givenNames: "Anna María",
  documentNumber: "D23145890",
  nationality: "UTO",
  birthDate: "1974-08-12",
  sex: "F",
  expiryDate: "2012-04-15",
} as const satisfies Omit<BuildMrzParameters, "format">;

describe("buildMrz", () => {
  it("writes ICAO's specimens character for character", () => {
    expect(buildMrz({ ...anna, format: "TD3", documentNumber: "L898902C3", optionalData: "ZE184226B" })).toEqual([
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
      "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]);
    expect(buildMrz({ ...anna, format: "TD1" })).toEqual([
      "I<UTOD231458907<<<<<<<<<<<<<<<",
      "7408122F1204159UTO<<<<<<<<<<<6",
      "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]);
    expect(buildMrz({ ...anna, format: "TD2" })).toEqual([
      "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
      "D231458907UTO7408122F1204159<<<<<<<6",
    ]);
    expect(buildMrz({ ...anna, format: "TD1", documentNumber: "D23145890123" })).toEqual([
      "I<UTOD23145890<1233<<<<<<<<<<<",
      "7408122F1204159UTO<<<<<<<<<<<2",
      "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]);
  });

  it("writes unspecified sex as < and drops spaces and hyphens from numbers", () => {
    const [, line2] = buildMrz({ ...anna, format: "TD3", sex: "X", documentNumber: "l898-902 c3" });
    expect(line2).toBe("L898902C36UTO7408122<1204159<<<<<<<<<<<<<<<8");
  });

  it("refuses values the MRZ cannot hold, naming the field", () => {
    const cases: [Partial<BuildMrzParameters>, string][] = [
      [{ documentNumber: "1234567890" }, "documentNumber"],
      [{ documentNumber: "" }, "documentNumber"],
      [{ documentNumber: "A/1" }, "documentNumber"],
      [{ issuingCountry: "XYZ" }, "issuingCountry"],
      [{ nationality: "uto" }, "nationality"],
      [{ birthDate: "1974-02-30" }, "birthDate"],
      [{ expiryDate: "15.04.2012" }, "expiryDate"],
      [{ optionalData: "123456789012345" }, "optionalData"],
      [{ optionalData2: "X" }, "optionalData2"],
      [{ surname: "123" }, "surname"],
      [{ documentCode: "p" }, "documentCode"],
    ];
    for (const [change, field] of cases) {
      const build = () => buildMrz({ ...anna, format: "TD3", ...change });
      expect(build).toThrow(InvalidMrzInputError);
      try {
        build();
      } catch (error) {
        expect((error as InvalidMrzInputError).field).toBe(field);
      }
    }
  });
});

const letters = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z]{${min},${max}}$`));
const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z0-9]{${min},${max}}$`));
const isoDay = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
const countries = ["UTO", "D", "DEU", "FRA", "GBR", "CHN", "USA", "BRA", "IND", "NGA", "XXA", "EUE"];
const optionalLength: Record<MrzFormat, number> = { TD3: 14, TD2: 7, TD1: 15 };

/** Documents whose names fit every format's name zone, so they read back unchanged. */
const documentsOf = (format: MrzFormat) =>
  fc.record({
    format: fc.constant(format),
    issuingCountry: fc.constantFrom(...countries),
    surname: letters(1, 12),
    givenNames: fc.array(letters(1, 6), { maxLength: 2 }).map((names) => names.join(" ")),
    documentNumber: alnum(1, 9),
    nationality: fc.constantFrom(...countries),
    birthDate: isoDay("1927-01-01", "2026-05-31"),
    sex: fc.constantFrom<"M" | "F" | "X">("M", "F", "X"),
    expiryDate: isoDay("1990-01-01", "2070-12-31"),
    optionalData: alnum(0, optionalLength[format]),
    optionalData2: format === "TD1" ? alnum(0, 11) : fc.constant(""),
  });
// Built once: a chain() would rebuild the regular-expression arbitraries on every run.
const documents = fc.oneof(documentsOf("TD3"), documentsOf("TD2"), documentsOf("TD1"));

/** Every position whose character a check digit (its own or the composite) covers, and the check digits. */
function checkedPositions(format: MrzFormat): { line: number; column: number }[] {
  const layout = mrzLayouts[format];
  // The composite covers every element with a check digit, their check digits and the optional data.
  const spans: MrzSpan[] = [...layout.compositeSpans, layout.composite];
  return spans.flatMap((span) =>
    Array.from({ length: span.end - span.start }, (_, index) => ({ line: span.line, column: span.start + index })),
  );
}

const value = (character: string): number =>
  character === "<" ? 0 : /\d/.test(character) ? Number(character) : character.charCodeAt(0) - 55;

describe("buildMrz and validateMrz (properties)", () => {
  it("every built MRZ validates and reads back its fields", () => {
    fc.assert(
      fc.property(documents, (document) => {
        const result = validateMrz(buildMrz(document), { now });
        expect(result.errors).toEqual([]);
        expect(result.format).toBe(document.format);
        expect(result.fields).toMatchObject({
          issuingCountry: document.issuingCountry,
          surname: document.surname,
          givenNames: document.givenNames,
          documentNumber: document.documentNumber,
          nationality: document.nationality,
          birthDate: document.birthDate,
          sex: document.sex,
          expiryDate: document.expiryDate,
          optionalData: document.optionalData,
        });
      }),
      { numRuns: 300 },
    );
  });

  it("cards with long document numbers validate and read back", () => {
    fc.assert(
      fc.property(
        documents.filter((document) => document.format !== "TD3"),
        alnum(10, 12),
        (document, documentNumber) => {
          const lines = buildMrz({ ...document, documentNumber, optionalData: "" });
          const result = validateMrz(lines, { now });
          expect(result.errors).toEqual([]);
          expect(result.fields.documentNumber).toBe(documentNumber);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("catches every single-character change to a checked element that the 7-3-1 scheme can see", () => {
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<".split("");
    fc.assert(
      fc.property(documents, fc.nat(), fc.constantFrom(...alphabet), (document, pick, replacement) => {
        const lines = buildMrz(document);
        const positions = checkedPositions(document.format);
        const { line, column } = positions[pick % positions.length]!;
        const original = lines[line]![column]!;
        // Values that differ by a multiple of 10 (0, A, K, U, <) are ICAO's blind spot, see computeMrzCheckDigit.
        fc.pre(value(replacement) % 10 !== value(original) % 10);
        const corrupted = lines.map((text, index) =>
          index === line ? text.slice(0, column) + replacement + text.slice(column + 1) : text,
        );
        expect(validateMrz(corrupted, { now }).valid).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("agrees with the mrz package on documents of real states", () => {
    fc.assert(
      fc.property(
        documents.filter((document) => document.issuingCountry !== "UTO" && document.nationality !== "UTO"),
        (document) => {
          const lines = buildMrz(document);
          expect(parse(lines).valid).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
