import type { RecordCipher } from "../crypto/createRecordCipher.ts";

/** At most this many words of a name, or of a search, are indexed or looked up. */
const maxWords = 8;

/**
 * The words of a name as the index and the search compare them: Unicode-normalised, accents
 * removed, upper case, split on anything that is not a letter or digit (spaces, hyphens,
 * apostrophes, MRZ fillers). "José-María  o'Neil" → ["JOSE", "MARIA", "O", "NEIL"].
 *
 * @example
 * nameWords("Anna Maria ERIKSSON") // ["ANNA", "MARIA", "ERIKSSON"]
 */
export function nameWords(name: string): string[] {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return [...new Set(words)].slice(0, maxWords);
}

/**
 * The keyed blind index of a name's words (`applicants.name_index`): an HMAC per word, so that the
 * officer's search finds "eriksson" without the database holding the name in clear. Base64url, 16
 * bytes of the HMAC: enough to make a false match between two words negligible.
 *
 * @example
 * applicantNameIndex(cipher, { givenNames: "Anna Maria", surname: "Eriksson" }) // ["q9…", "Zb…", "x1…"]
 */
export function applicantNameIndex(cipher: RecordCipher, name: { givenNames: string; surname: string }): string[] {
  return nameWords(`${name.givenNames} ${name.surname}`).map((word) => nameWordIndex(cipher, word));
}

/**
 * The index entries a search must all find (`name_index @> …`): one per word typed. `[]` when
 * nothing searchable was typed.
 *
 * @example
 * searchNameIndex(cipher, "eriksson anna") // two entries, in any order of the name
 */
export function searchNameIndex(cipher: RecordCipher, search: string): string[] {
  return nameWords(search).map((word) => nameWordIndex(cipher, word));
}

function nameWordIndex(cipher: RecordCipher, word: string): string {
  return Buffer.from(cipher.blindIndex(`name:${word}`).subarray(0, 16)).toString("base64url");
}
