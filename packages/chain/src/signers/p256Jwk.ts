// Helpers of the ES256 signers: P-256 JWKs through the platform's WebCrypto, which verifies and
// signs in JWS's own `r‖s` form.
import type { webcrypto } from "node:crypto";
import type { Es256PublicJwk } from "./Es256Signer.ts";

const ecdsa = { name: "ECDSA", namedCurve: "P-256" } as const;

/** base64url without padding, as JWS and JWK use it. */
export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** The bytes of a base64url string; `undefined` when it is not base64url. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, "base64url"));
}

/**
 * The public members of a P-256 JWK, checked as a point on the curve by importing it; `undefined`
 * when it is not one.
 */
export async function p256PublicPart(jwk: unknown): Promise<{ x: string; y: string } | undefined> {
  const candidate = jwk as { kty?: unknown; crv?: unknown; x?: unknown; y?: unknown } | null;
  if (typeof candidate !== "object" || candidate === null || candidate.kty !== "EC" || candidate.crv !== "P-256")
    return undefined;
  const { x, y } = candidate;
  if (typeof x !== "string" || typeof y !== "string") return undefined;
  try {
    await importP256PublicKey({ x, y });
  } catch {
    return undefined;
  }
  return { x, y };
}

/** The WebCrypto verification key of a P-256 public JWK. */
export function importP256PublicKey({ x, y }: { x: string; y: string }): Promise<webcrypto.CryptoKey> {
  return globalThis.crypto.subtle.importKey("jwk", { kty: "EC", crv: "P-256", x, y }, ecdsa, false, ["verify"]);
}

/** The published JWK of a P-256 public key, named by `kid` or else by its RFC 7638 thumbprint. */
export async function es256PublicJwk({ x, y }: { x: string; y: string }, kid?: string): Promise<Es256PublicJwk> {
  // RFC 7638, 3.2: the required members in lexicographic order, no whitespace.
  const canonical = JSON.stringify({ crv: "P-256", kty: "EC", x, y });
  const thumbprint = toBase64url(
    new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical))),
  );
  return { kty: "EC", crv: "P-256", x, y, kid: kid ?? thumbprint, alg: "ES256", use: "sig" };
}

/** Whether `signature` (base64url `r‖s`) is the key's ES256 signature of `signingInput`. */
export async function verifyEs256(key: webcrypto.CryptoKey, signingInput: string, signature: string): Promise<boolean> {
  const bytes = fromBase64url(signature);
  if (bytes === undefined || bytes.length !== 64) return false;
  return globalThis.crypto.subtle.verify(
    { name: "ECDSA", hash: "SHA-256" },
    key,
    bytes,
    new TextEncoder().encode(signingInput),
  );
}
