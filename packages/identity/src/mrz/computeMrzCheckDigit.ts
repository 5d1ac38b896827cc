import { InvalidMrzInputError } from "../errors/mrz.ts";

const weights = [7, 3, 1] as const;

/**
 * The ICAO Doc 9303 (Part 3, 4.9) check digit of MRZ characters: digits count as 0–9, A–Z as
 * 10–35 and the filler `<` as 0; the values are weighted 7, 3, 1, 7, 3, 1, … and summed modulo 10.
 *
 * The scheme sees any single substitution whose values differ by other than a multiple of 10, and
 * every transposition of neighbours except those whose values differ by 5. It cannot see `0`↔`A`↔`K`↔`U`
 * (values 0, 10, 20, 30), nor `0`↔`<`: the composite check digit has the same blind spots.
 *
 * @throws {InvalidMrzInputError} when `value` holds a character outside `A–Z`, `0–9` and `<`.
 * @example
 * computeMrzCheckDigit("L898902C3") // 6
 * computeMrzCheckDigit("740812") // 2
 */
export function computeMrzCheckDigit(value: string): number {
  let sum = 0;
  for (let index = 0; index < value.length; index++) {
    sum += mrzCharacterValue(value.charCodeAt(index), value) * weights[index % 3]!;
  }
  return sum % 10;
}

function mrzCharacterValue(code: number, value: string): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 90) return code - 55; // A-Z → 10-35
  if (code === 60) return 0; // <
  throw new InvalidMrzInputError({
    field: "value",
    reason: `"${String.fromCharCode(code)}" in "${value.slice(0, 44)}" is not an MRZ character (A-Z, 0-9, <)`,
  });
}
