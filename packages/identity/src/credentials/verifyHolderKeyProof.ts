import { compactVerify, importJWK } from "jose";
import { HolderKeyProofInvalidError } from "../errors/credential.ts";
import { decodeJwt } from "../presentation/decodeSdJwtParts.ts";
import { holderKeyProofType } from "./createHolderKeyProof.ts";
import type { Jwk } from "./issuerKey.ts";

/** Parameters of {@link verifyHolderKeyProof}. */
export type VerifyHolderKeyProofParameters = {
  /** The compact JWT from {@link createHolderKeyProof}. */
  proof: string;
  /** The key the caller asks the credential to be bound to: the proof must be signed by it. */
  holderJwk: Jwk;
  /** This issuer's identifier, which the proof's `aud` must equal. */
  audience: string;
  /** The nonce the proof must carry. */
  nonce: string;
  /** Seconds since the epoch. Default now. */
  now?: number | undefined;
  /** How old a proof may be. Default 300 s. */
  maxAgeSeconds?: number | undefined;
  /** Clock difference tolerated either way. Default 60 s. */
  skewSeconds?: number | undefined;
};

/**
 * Checks a holder key proof: `openid4vci-proof+jwt`, ES256, its header's `jwk` the very key to bind,
 * signed by that key, for this issuer and nonce, and fresh. Throws {@link HolderKeyProofInvalidError}
 * (`ENTRADA_HOLDER_KEY_PROOF_INVALID`, `details.reason` saying which check failed).
 *
 * @example
 * await verifyHolderKeyProof({ proof, holderJwk, audience: issuer, nonce: credentialId });
 */
export async function verifyHolderKeyProof(parameters: VerifyHolderKeyProofParameters): Promise<void> {
  const { proof, holderJwk, audience, nonce } = parameters;
  const now = parameters.now ?? Math.floor(Date.now() / 1000);
  const maxAge = parameters.maxAgeSeconds ?? 300;
  const skew = parameters.skewSeconds ?? 60;
  const decoded = decodeJwt(proof);
  if (decoded === undefined) throw new HolderKeyProofInvalidError({ reason: "malformed" });
  const { header, payload } = decoded;
  if (header.typ !== holderKeyProofType) throw new HolderKeyProofInvalidError({ reason: "typ" });
  if (header.alg !== "ES256") throw new HolderKeyProofInvalidError({ reason: "alg" });
  const jwk = header.jwk as Partial<Jwk> | undefined;
  // The key in the header must be the key asked for: a proof by one key cannot bind another.
  if (
    typeof jwk !== "object" ||
    jwk === null ||
    jwk.kty !== holderJwk.kty ||
    jwk.crv !== holderJwk.crv ||
    jwk.x !== holderJwk.x ||
    jwk.y !== holderJwk.y
  )
    throw new HolderKeyProofInvalidError({ reason: "key" });
  try {
    const key = await importJWK(
      { kty: holderJwk.kty, crv: holderJwk.crv, x: holderJwk.x, y: holderJwk.y } as Parameters<typeof importJWK>[0],
      "ES256",
    );
    await compactVerify(proof, key, { algorithms: ["ES256"] });
  } catch (cause) {
    throw new HolderKeyProofInvalidError({ reason: "signature", cause });
  }
  if (payload.aud !== audience) throw new HolderKeyProofInvalidError({ reason: "audience" });
  if (payload.nonce !== nonce) throw new HolderKeyProofInvalidError({ reason: "nonce" });
  const iat = payload.iat;
  if (typeof iat !== "number") throw new HolderKeyProofInvalidError({ reason: "malformed" });
  if (iat - skew > now) throw new HolderKeyProofInvalidError({ reason: "future" });
  if (iat + maxAge + skew < now) throw new HolderKeyProofInvalidError({ reason: "stale" });
}
