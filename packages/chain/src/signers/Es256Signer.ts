/** An EC P-256 public key as a JWK, as published in a JWKS (`kid`, `alg: "ES256"`, `use: "sig"`). */
export type Es256PublicJwk = {
  readonly kty: "EC";
  readonly crv: "P-256";
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: "ES256";
  readonly use: "sig";
};

/**
 * What signs JWS for Entrada with ES256 (ECDSA P-256, SHA-256): the credential issuer's key, which
 * signs SD-JWT VCs and status list tokens. The JWS twin of the EVM {@link Signer}: a key in this
 * process ({@link createLocalEs256Signer}) or in the same remote signer as the EVM keys
 * ({@link createRemoteEs256Signer}), used the same way. Its shape is the one `@entrada/identity`'s
 * credential issuer takes as its key.
 *
 * @example
 * const signer: Es256Signer = await createLocalEs256Signer({ privateJwk });
 * const jws = `${input}.${await signer.sign(input)}`; // input: base64url(header).base64url(payload)
 */
export type Es256Signer = {
  /** The key's `kid` in JWS headers and the JWKS: the RFC 7638 thumbprint unless set otherwise. */
  readonly kid: string;
  /** The public key to publish; nothing private. */
  readonly publicJwk: Es256PublicJwk;
  /** Where the private key is: in this process, or in the remote signer. */
  readonly source: "local" | "remote";
  /** Signs a JWS signing input; returns the base64url `r‖s` signature (64 bytes), as JWS wants it. */
  sign(signingInput: string): Promise<string>;
};
