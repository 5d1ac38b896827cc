import { sealMalformed } from "../errors/VerifyError.ts";

// C40 as ICAO Doc 9303 Part 13 (2.4) and BSI TR-03137 Annex B use it: three characters in two
// bytes. Values: 0 = Shift 1 (padding), 3 = space, 4-13 = 0-9, 14-39 = A-Z. A triple (u1, u2, u3)
// becomes the 16-bit big-endian 1600·u1 + 40·u2 + u3 + 1. Two characters left over are padded with
// Shift 1; one character left over is written as 0xFE followed by its ASCII code + 1.

const shift1 = 0;
const unlatch = 0xfe;

/** Whether every character of `text` can be written in C40 (A-Z, 0-9, space, and `<` written as a space). */
export function isC40Text(text: string): boolean {
  return /^[A-Z0-9 <]*$/.test(text);
}

function c40Value(code: number): number {
  if (code === 32 || code === 60) return 3; // space, and the MRZ filler `<` (9303-13 writes it as a space)
  if (code >= 48 && code <= 57) return code - 44; // 0-9 → 4-13
  return code - 51; // A-Z → 14-39
}

function c40Character(value: number): string {
  if (value === 3) return " ";
  if (value >= 4 && value <= 13) return String.fromCharCode(value + 44);
  return String.fromCharCode(value + 51);
}

/**
 * The C40 bytes of `text`: A-Z, 0-9 and space, with the MRZ filler `<` written as a space (so it
 * decodes as a space). Always an even number of bytes: 2 per 3 characters, rounded up.
 *
 * @throws {Error} when `text` holds another character; callers check with {@link isC40Text} first.
 * @example
 * encodeC40("XK<CD") // Uint8Array [0xeb, 0x04, 0x66, 0xa9]
 * encodeC40("XKCD") // Uint8Array [0xeb, 0x11, 0xfe, 0x45]
 */
export function encodeC40(text: string): Uint8Array {
  if (!isC40Text(text)) throw new Error(`C40 cannot hold ${JSON.stringify(text.slice(0, 40))}`);
  const bytes = new Uint8Array(Math.ceil(text.length / 3) * 2);
  let at = 0;
  for (let index = 0; index < text.length; index += 3) {
    const left = text.length - index;
    if (left === 1) {
      bytes[at++] = unlatch;
      bytes[at++] = text.charCodeAt(index) === 60 ? 33 : text.charCodeAt(index) + 1;
      break;
    }
    const u1 = c40Value(text.charCodeAt(index));
    const u2 = c40Value(text.charCodeAt(index + 1));
    const u3 = left === 2 ? shift1 : c40Value(text.charCodeAt(index + 2));
    const value = 1600 * u1 + 40 * u2 + u3 + 1;
    bytes[at++] = value >> 8;
    bytes[at++] = value & 0xff;
  }
  return bytes;
}

/**
 * The text of C40 bytes (spaces as spaces: an MRZ reader turns them back into `<`).
 *
 * @throws {VerifyError} `ENTRADA_SEAL_MALFORMED` (reason `c40`) on an odd length, a value above
 *   64000, a Shift value other than trailing padding, or an unlatched byte that is not the last.
 * @example
 * decodeC40(new Uint8Array([0xeb, 0x04, 0x66, 0xa9])) // "XK CD"
 */
export function decodeC40(bytes: Uint8Array, offset = 0): string {
  if (bytes.length % 2 !== 0) throw sealMalformed("c40", "C40 text has an odd number of bytes", offset);
  let text = "";
  for (let index = 0; index < bytes.length; index += 2) {
    const last = index === bytes.length - 2;
    const first = bytes[index]!;
    const second = bytes[index + 1]!;
    if (first === unlatch) {
      const code = second - 1;
      if (!last || !(code === 32 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90))) {
        throw sealMalformed("c40", "a C40 single character is misplaced or not A-Z, 0-9 or space", offset + index);
      }
      text += String.fromCharCode(code);
      continue;
    }
    const value = first * 256 + second - 1;
    if (value < 0 || value >= 64000) throw sealMalformed("c40", "a C40 triple is out of range", offset + index);
    const u1 = Math.floor(value / 1600);
    const u2 = Math.floor((value % 1600) / 40);
    const u3 = value % 40;
    if (u1 < 3 || u2 < 3 || (u3 < 3 && !(u3 === shift1 && last))) {
      throw sealMalformed("c40", "a C40 triple holds a Shift value", offset + index);
    }
    text += c40Character(u1) + c40Character(u2) + (u3 === shift1 ? "" : c40Character(u3));
  }
  return text;
}
