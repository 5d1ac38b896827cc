import { sealMalformed } from "../errors/VerifyError.ts";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const values = new Map([...alphabet].map((character, index) => [character, index]));

/**
 * A seal's bytes as the text the API gives (`sealEncoding: "base64url"`): RFC 4648 base64url
 * without padding. Written here rather than with `Buffer` so that it runs in browsers too.
 *
 * @example
 * sealToBase64url(new Uint8Array([0xdc, 0x03])) // "3AM"
 */
export function sealToBase64url(bytes: Uint8Array): string {
  let text = "";
  for (let index = 0; index < bytes.length; index += 3) {
    const chunk = (bytes[index]! << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
    const characters = Math.min(4, Math.ceil(((bytes.length - index) * 8) / 6));
    for (let k = 0; k < characters; k++) text += alphabet[(chunk >> (18 - 6 * k)) & 0x3f];
  }
  return text;
}

/**
 * The bytes of a seal's base64url text. Surrounding whitespace and `=` padding are tolerated (a
 * pasted seal); anything else that is not base64url is refused.
 *
 * @throws {VerifyError} `ENTRADA_SEAL_MALFORMED` (reason `base64url`).
 * @example
 * sealFromBase64url("3AM") // Uint8Array [0xdc, 0x03]
 */
export function sealFromBase64url(text: string): Uint8Array {
  const clean = text.trim().replace(/=+$/, "");
  if (clean.length % 4 === 1) throw sealMalformed("base64url", "the text is not base64url (a stray character)");
  const bytes = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (let index = 0; index < clean.length; index++) {
    const value = values.get(clean[index]!);
    if (value === undefined) throw sealMalformed("base64url", "the text is not base64url");
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}
