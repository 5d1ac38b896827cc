import anyAscii from "any-ascii";

/**
 * How letters outside A–Z become MRZ letters: `icao` follows Doc 9303 Part 3's recommended
 * transliterations (Ä → AE, Ö → OE, Ü → UE, Å → AA, ß → SS, Æ → AE, Ø → OE, Þ → TH), `plain` drops
 * diacritics (Ä → A), which many issuing states do instead.
 */
export type MrzTransliteration = "icao" | "plain";

// Doc 9303 Part 3, 6.A: the Latin letters whose recommended transliteration is not just the base letter.
const icaoLatin: Readonly<Record<string, string>> = {
  Ä: "AE",
  Æ: "AE",
  Å: "AA",
  Ö: "OE",
  Ø: "OE",
  Œ: "OE",
  Ü: "UE",
  ß: "SS",
  ẞ: "SS",
  Þ: "TH",
  Ĳ: "IJ",
};

/**
 * A name component (surname or given names) as MRZ characters: transliterated to A–Z, apostrophes
 * dropped, every other separator (space, hyphen, comma) a single `<`. Scripts other than Latin go
 * through `any-ascii`, which approximates ICAO's tables for Cyrillic and Greek.
 *
 * @example
 * toMrzName("Anna María") // "ANNA<MARIA"
 * toMrzName("Müller-Lüdenscheidt") // "MUELLER<LUEDENSCHEIDT"
 * toMrzName("Müller", "plain") // "MULLER"
 * toMrzName("O'Brien") // "OBRIEN"
 */
export function toMrzName(name: string, transliteration: MrzTransliteration = "icao"): string {
  let upper = name.normalize("NFC").toUpperCase();
  // toUpperCase turns ß into SS already; the table covers the rest.
  if (transliteration === "icao") upper = [...upper].map((letter) => icaoLatin[letter] ?? letter).join("");
  return anyAscii(upper)
    .toUpperCase()
    .replace(/['’`ʼ]/g, "")
    .replace(/[^A-Z]+/g, "<")
    .replace(/^<+|<+$/g, "");
}

/**
 * The name zone of an MRZ: `SURNAME<<GIVEN<NAMES`, cut to `length` and padded with `<`. A name too
 * long for the zone is cut at the end, as Doc 9303 Part 3, 4.6 allows; the cut never leaves a
 * trailing separator.
 *
 * @example
 * mrzNameZone("Eriksson", "Anna Maria", 39) // "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
 */
export function mrzNameZone(
  surname: string,
  givenNames: string,
  length: number,
  transliteration: MrzTransliteration = "icao",
): string {
  const primary = toMrzName(surname, transliteration);
  const secondary = toMrzName(givenNames, transliteration);
  const zone = secondary === "" ? primary : `${primary}<<${secondary}`;
  return zone.slice(0, length).replace(/<+$/, "").padEnd(length, "<");
}
