import type { webcrypto } from "node:crypto";
import type { Es256Signer } from "./Es256Signer.ts";
import { es256PublicJwk, p256PublicPart, toBase64url } from "./p256Jwk.ts";

/** Parameters of {@link createLocalEs256Signer}. */
export type CreateLocalEs256SignerParameters = {
  /** A private EC P-256 JWK (`kty`, `crv`, `x`, `y`, `d`). Imported as a non-extractable key; never logged, never returned. */
  privateJwk: {
    kty?: string | undefined;
    crv?: string | undefined;
    x?: string | undefined;
    y?: string | undefined;
    d?: string | undefined;
  };
  /** The `kid` to publish. Default: the key's RFC 7638 thumbprint. */
  kid?: string | undefined;
};

/**
 * An {@link Es256Signer} holding its private key in this process, as a non-extractable WebCrypto
 * key: development, tests, and operators who keep the issuer key in the process's environment.
 * Production keys belong in the remote signer ({@link createRemoteEs256Signer}).
 *
 * @throws {TypeError} when the JWK is not a private P-256 key (the message never holds the key).
 * @example
 * const issuerSigner = await createLocalEs256Signer({ privateJwk: JSON.parse(process.env.IDENTITY_ISSUER_KEY!) });
 * createCredentialIssuer({ issuer, key: issuerSigner, clock });
 */
export async function createLocalEs256Signer({
  privateJwk,
  kid,
}: CreateLocalEs256SignerParameters): Promise<Es256Signer> {
  const publicPart = await p256PublicPart(privateJwk);
  if (publicPart === undefined || typeof privateJwk.d !== "string") {
    throw new TypeError("createLocalEs256Signer: the key is not a private EC P-256 JWK");
  }
  let key: webcrypto.CryptoKey;
  try {
    key = await globalThis.crypto.subtle.importKey(
      "jwk",
      { kty: "EC", crv: "P-256", ...publicPart, d: privateJwk.d },
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["sign"],
    );
  } catch {
    throw new TypeError("createLocalEs256Signer: the key is not a private EC P-256 JWK");
  }
  const publicJwk = await es256PublicJwk(publicPart, kid);
  return {
    kid: publicJwk.kid,
    publicJwk,
    source: "local",
    async sign(signingInput) {
      const signature = await globalThis.crypto.subtle.sign(
        { name: "ECDSA", hash: "SHA-256" },
        key,
        new TextEncoder().encode(signingInput),
      );
      return toBase64url(new Uint8Array(signature));
    },
  };
}
