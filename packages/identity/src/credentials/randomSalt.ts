import { base64url } from "jose";

/**
 * A random disclosure salt: 128 bits from the platform's CSPRNG, base64url (RFC 9901, 4.2.1
 * recommends 128 bits), so that a disclosure's digest cannot be guessed from its value.
 *
 * @example
 * randomSalt() // "2GLC42sKQveCfGfryNRN9w"
 */
export function randomSalt(bytes = 16): string {
  return base64url.encode(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}
