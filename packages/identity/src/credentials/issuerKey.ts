import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from "jose";
import { InvalidIssuerKeyError } from "../errors/credential.ts";

/** A JSON Web Key as Entrada uses them: EC P-256, with the private part `d` only where it belongs. */
export type Jwk = {
  readonly kty: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly d?: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
};

/** The issuer's signing key: the private JWK to keep secret, the public JWK to publish, and its `kid`. */
export type IssuerKey = {
  /** The RFC 7638 thumbprint of the public key, unless the imported JWK named its own. */
  readonly kid: string;
  /** `{ kty, crv, x, y, d }`: configuration, never logged or published. */
  readonly privateJwk: Jwk;
  /** `{ kty, crv, x, y, kid, alg: "ES256", use: "sig" }`, as published in the issuer's JWKS. */
  readonly publicJwk: Jwk;
};

/**
 * A new ES256 (P-256) issuer key. Run once per deployment and keep `privateJwk` as a secret
 * (`CREDENTIAL_ISSUER_KEY`); a new key means credentials signed with the old one fail with
 * `ENTRADA_ISSUER_KEY_UNKNOWN` unless its public JWK stays published (`previousKeys`).
 *
 * @example
 * const key = await generateIssuerKey();
 * console.log(JSON.stringify(key.privateJwk)); // store as CREDENTIAL_ISSUER_KEY
 */
export async function generateIssuerKey(): Promise<IssuerKey> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  return importIssuerKey(jwk as Jwk);
}

/**
 * Reads an issuer key from configuration: a private EC P-256 JWK, as an object or JSON text.
 * The key is checked by importing it, so a corrupted value stops start-up instead of the first
 * issuance.
 *
 * @throws {InvalidIssuerKeyError} when it is not JSON, not EC P-256, or has no private part.
 * @example
 * const key = await importIssuerKey(process.env.CREDENTIAL_ISSUER_KEY!);
 * key.kid // "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
 */
export async function importIssuerKey(jwk: Jwk | string): Promise<IssuerKey> {
  let value: unknown = jwk;
  if (typeof jwk === "string") {
    try {
      value = JSON.parse(jwk);
    } catch (error) {
      throw new InvalidIssuerKeyError({ reason: "it is not JSON", cause: error });
    }
  }
  const candidate = value as Partial<Jwk> | null;
  if (typeof candidate !== "object" || candidate === null || candidate.kty !== "EC" || candidate.crv !== "P-256") {
    throw new InvalidIssuerKeyError({ reason: "it is not an EC P-256 JWK" });
  }
  const { x, y, d } = candidate;
  if (typeof x !== "string" || typeof y !== "string") throw new InvalidIssuerKeyError({ reason: "x or y is missing" });
  if (typeof d !== "string") throw new InvalidIssuerKeyError({ reason: "it has no private part (d)" });
  const privateJwk = { kty: "EC", crv: "P-256", x, y, d };
  try {
    await importJWK(privateJwk, "ES256");
  } catch (error) {
    throw new InvalidIssuerKeyError({ reason: "it is not a valid P-256 key", cause: error });
  }
  const bare = { kty: "EC", crv: "P-256", x, y };
  const kid =
    typeof candidate.kid === "string" && candidate.kid !== "" ? candidate.kid : await calculateJwkThumbprint(bare);
  return { kid, privateJwk, publicJwk: { ...bare, kid, alg: "ES256", use: "sig" } };
}
