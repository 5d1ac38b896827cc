// Types only: at run time this is the platform's WebCrypto, in the browser as in Node.
import type { webcrypto } from "node:crypto";
import { base64url } from "jose";
import type { Jwk } from "./issuerKey.ts";

/**
 * Signs a JWS signing input (`base64url(header).base64url(payload)`) with ES256 and returns the
 * base64url signature (`r‖s`, 64 bytes), the shape the `@sd-jwt` packages and JWS expect.
 * In the browser it wraps a non-extractable WebCrypto key, so the holder's private key never
 * exists as bytes in JavaScript.
 */
export type JwsSigner = (data: string) => Promise<string>;

/**
 * An ES256 {@link JwsSigner} over a WebCrypto ECDSA P-256 private key, or over a private JWK
 * (imported as a non-extractable key). WebCrypto already returns ECDSA signatures in JWS's
 * `r‖s` form, so no DER conversion is needed.
 *
 * @example
 * // Browser: the holder key is created once and kept in IndexedDB, never exported.
 * const { privateKey, publicKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
 * const signer = await createJwsSigner(privateKey);
 */
export async function createJwsSigner(key: webcrypto.CryptoKey | Jwk): Promise<JwsSigner> {
  const privateKey = !("kty" in key)
    ? key
    : await globalThis.crypto.subtle.importKey(
        "jwk",
        { kty: key.kty, crv: key.crv, x: key.x, y: key.y, d: key.d } as webcrypto.JsonWebKey,
        { name: "ECDSA", namedCurve: "P-256" },
        false,
        ["sign"],
      );
  return async (data) => {
    const signature = await globalThis.crypto.subtle.sign(
      { name: "ECDSA", hash: "SHA-256" },
      privateKey,
      new TextEncoder().encode(data),
    );
    return base64url.encode(new Uint8Array(signature));
  };
}
