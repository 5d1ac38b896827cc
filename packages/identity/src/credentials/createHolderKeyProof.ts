import type { JwsSigner } from "./createJwsSigner.ts";
import type { Jwk } from "./issuerKey.ts";
import { signJwt } from "./signJwt.ts";

/** The `typ` of a holder key proof: OpenID4VCI's proof JWT. */
export const holderKeyProofType = "openid4vci-proof+jwt";

/** Parameters of {@link createHolderKeyProof}. */
export type CreateHolderKeyProofParameters = {
  /** The public key the credential is to be bound to; it travels in the proof's header (`jwk`). */
  holderJwk: Jwk;
  /** Signs with that key's private part (in the browser, the non-extractable WebCrypto key). */
  signer: JwsSigner;
  /** The credential issuer's identifier (`iss` of its credentials). */
  audience: string;
  /** What the issuer asked the proof to be bound to (for a move, the id of the credential being moved). */
  nonce: string;
  /** Seconds since the epoch. Default now. */
  issuedAt?: number | undefined;
};

/**
 * A proof that the caller holds the private key of `holderJwk` (OpenID4VCI's `openid4vci-proof+jwt`):
 * a JWT signed by that key, naming the issuer and the nonce it was asked for. Without it, anyone
 * signed in to an account could have its credential bound to a key they do not hold, or replay a
 * request seen elsewhere.
 *
 * @example
 * const proof = await createHolderKeyProof({ holderJwk, signer, audience: issuer, nonce: credentialId });
 */
export function createHolderKeyProof(parameters: CreateHolderKeyProofParameters): Promise<string> {
  const { kty, crv, x, y } = parameters.holderJwk;
  return signJwt(
    { alg: "ES256", typ: holderKeyProofType, jwk: { kty, crv, x, y } },
    {
      aud: parameters.audience,
      nonce: parameters.nonce,
      iat: parameters.issuedAt ?? Math.floor(Date.now() / 1000),
    },
    parameters.signer,
  );
}
