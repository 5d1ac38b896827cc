import { countryAlpha2 } from "../mrz/countryAlpha2.ts";

const base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/**
 * The last two characters of a seal's signer identifier for an authority: the first two bytes of
 * SHA-256(UTF-8 authority id), each modulo 36, as 0-9A-Z. Doc 9303-13 wants two characters naming
 * the signer within its country; a verifier recomputes them for each authority it trusts.
 *
 * @example
 * await authorityCode("th-immigration") // two characters of 0-9A-Z
 */
export async function authorityCode(authorityId: string): Promise<string> {
  const digest = await sha256(authorityId);
  return base36[digest[0]! % 36]! + base36[digest[1]! % 36]!;
}

/**
 * A seal's signer identifier (ICAO Doc 9303 Part 13, 2.2: the signer's country, ISO 3166-1 alpha-2,
 * and two characters): the issuing state's alpha-2 followed by {@link authorityCode}.
 *
 * @example
 * await sealSignerIdentifier("THA", "th-immigration") // "TH" + authorityCode("th-immigration")
 */
export async function sealSignerIdentifier(issuingState: string, authorityId: string): Promise<string> {
  return countryAlpha2(issuingState) + (await authorityCode(authorityId));
}

/**
 * A seal's certificate reference for an authority key: the first 3 bytes of SHA-256(UTF-8 `kid`) as
 * 6 capital hexadecimal digits. Doc 9303-13 version 4 lets the reference be of any length (it
 * writes the length before it); 6 characters are 4 C40 bytes, and 24 bits tell apart the handful
 * of keys an authority ever has (a verifier that finds two tries both).
 *
 * @example
 * await sealCertificateReference("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs") // 6 hexadecimal digits
 */
export async function sealCertificateReference(kid: string): Promise<string> {
  const digest = await sha256(kid);
  return [...digest.slice(0, 3)].map((byte) => byte.toString(16).padStart(2, "0").toUpperCase()).join("");
}
