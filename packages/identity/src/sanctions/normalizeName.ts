import anyAscii from "any-ascii";

/** A name reduced to comparable parts; see {@link normalizeName}. */
export type NormalizedName = {
  /** Upper-case ASCII words, in the order written. */
  readonly tokens: readonly string[];
  /**
   * Whether the name was written in a script that leaves out short vowels (Arabic, Hebrew,
   * Syriac, Thaana): its transliteration (`mhmd`) must then be compared by consonants.
   */
  readonly abjad: boolean;
};

const abjadScript = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;
const hanOrHangulRun = /[\p{Script=Han}\p{Script=Hangul}]+/gu;

/**
 * Reduces a name in any script to upper-case ASCII words for matching: transliterated with
 * `any-ascii` (Cyrillic, Greek, Arabic, CJK; diacritics dropped), punctuation and hyphens as word
 * breaks, apostrophes removed (`O'Riordain` → `ORIORDAIN`). A run of Chinese characters or Korean
 * syllables becomes the family name (its first character) and the given name (the rest, joined), as
 * such names are written in Latin script on passports and sanctions lists.
 *
 * @example
 * normalizeName("ZLATOGORSKY, Miroslav") // { tokens: ["ZLATOGORSKY", "MIROSLAV"], abjad: false }
 * normalizeName("Мирослав Златогорский") // { tokens: ["MIROSLAV", "ZLATOGORSKIY"], abjad: false }
 * normalizeName("黎墨轩") // { tokens: ["LI", "MOXUAN"], abjad: false }
 * normalizeName("محمد") // { tokens: ["MHMD"], abjad: true }
 */
export function normalizeName(name: string): NormalizedName {
  const text = name
    .normalize("NFC")
    .replace(hanOrHangulRun, (run) => {
      const [family = "", ...given] = [...run];
      return ` ${anyAscii(family)} ${given.map((char) => anyAscii(char)).join("")} `;
    })
    .replace(/['’`ʼ]/g, "");
  const tokens = anyAscii(text)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((token) => token !== "");
  return { tokens, abjad: abjadScript.test(name) };
}
