import { states } from "mrz";

// The `mrz` package's table holds ISO 3166-1 alpha-3 plus ICAO's own codes (D for Germany, GBD,
// GBN, EUE, UNO, XXA…), but not UTO, the fictional Utopia of ICAO's specimen documents: without it
// the specimens of Doc 9303 itself would not validate.
const icaoSpecimenCodes = new Set(["UTO"]);

/**
 * Whether a code (without `<` fillers) is a nationality or issuing-state code that ICAO Doc 9303
 * (Part 3, 5) allows in an MRZ: ISO 3166-1 alpha-3, ICAO's additional codes, and `UTO`, the
 * specimen state.
 *
 * @example
 * isMrzCountryCode("UTO") // true
 * isMrzCountryCode("D") // true (Germany writes D, not DEU)
 * isMrzCountryCode("ZZZ") // false
 */
export function isMrzCountryCode(code: string): boolean {
  return Object.hasOwn(states, code) || icaoSpecimenCodes.has(code);
}

/**
 * The ISO 3166-1 alpha-3 form of an MRZ country code where the two differ (ICAO writes Germany as
 * `D`); credentials and the catalogue use ISO codes.
 *
 * @example
 * mrzCountryToIso("D") // "DEU"
 * mrzCountryToIso("UTO") // "UTO"
 */
export function mrzCountryToIso(code: string): string {
  return code === "D" ? "DEU" : code;
}
