/**
 * SHA-256 of UTF-8 text or bytes through WebCrypto, so that the holder's code runs in the browser
 * as it does in Node.
 *
 * @example
 * base64url.encode(await sha256("WyJzYWx0IiwiZ2l2ZW5fbmFtZSIsIkFubmEiXQ")) // a disclosure's digest
 */
export async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

/**
 * The hasher the `@sd-jwt` packages call: SHA-256 only, the one `_sd_alg` Entrada issues and accepts.
 *
 * @example
 * new SDJwtVcInstance({ hasher: sdJwtHasher, hashAlg: "sha-256", … })
 */
export async function sdJwtHasher(data: string | ArrayBuffer, alg: string): Promise<Uint8Array> {
  if (alg.toLowerCase() !== "sha-256") throw new Error(`Unsupported _sd_alg "${alg}"; only sha-256 is used.`);
  return sha256(typeof data === "string" ? data : new Uint8Array(data));
}
