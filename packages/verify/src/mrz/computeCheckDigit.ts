const weights = [7, 3, 1] as const;

/**
 * The ICAO Doc 9303 (Part 3, 4.9) check digit of MRZ characters: 0-9 count as 0-9, A-Z as 10-35,
 * the filler `<` as 0; weighted 7, 3, 1, 7, 3, 1, … and summed modulo 10. (The same rule as
 * `computeMrzCheckDigit` of `@entrada/identity`, written again so that this package needs nothing
 * of the server's.)
 *
 * @example
 * computeCheckDigit("L898902C3") // 6
 * computeCheckDigit("740812") // 2
 */
export function computeCheckDigit(value: string): number {
  let sum = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 65 && code <= 90 ? code - 55 : 0;
    sum += digit * weights[index % 3]!;
  }
  return sum % 10;
}
