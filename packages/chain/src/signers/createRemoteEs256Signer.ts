import { RemoteSignerMismatchError } from "../errors.ts";
import { createSignerRpc } from "./createSignerRpc.ts";
import type { Es256Signer } from "./Es256Signer.ts";
import { es256PublicJwk, importP256PublicKey, p256PublicPart, verifyEs256 } from "./p256Jwk.ts";

/** Parameters of {@link createRemoteEs256Signer}. */
export type CreateRemoteEs256SignerParameters = {
  /** The remote signer's JSON-RPC endpoint: the same service as the EVM keys' (`SIGNER_URL`). */
  url: string;
  /** The signer's name for the key (a KMS key id or alias); what `remote:<key id>` names. */
  keyId: string;
  /** Sent as `Authorization: Bearer …` when set. Never logged, never in an error. */
  bearerToken?: string | undefined;
  /** Longest wait for one answer, in ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /** The HTTP client. Default: the global `fetch`; the server passes its outbound client. */
  fetch?: typeof globalThis.fetch | undefined;
};

/** The characters a remote key id may have: a KMS key id, alias or ARN, a Vault key name. */
export const remoteKeyIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:/+=@-]{0,255}$/;

/**
 * An {@link Es256Signer} whose P-256 key lives in the remote signer, asked over the same JSON-RPC as
 * the EVM keys ({@link createRemoteSigner}) with two methods of its own, which a KMS adapter maps to
 * its `GetPublicKey` and `Sign` (ECC_NIST_P256, ECDSA_SHA_256):
 *
 * | signer method | params | result |
 * | --- | --- | --- |
 * | `jws_publicKey` | `[keyId]` | the key's public JWK `{ kty: "EC", crv: "P-256", x, y }` |
 * | `jws_sign` | `[keyId, signingInput]` | the ES256 signature of the ASCII signing input (`base64url(header).base64url(payload)`), base64url `r‖s` (64 bytes) |
 *
 * The public key is read once, here, and checked as a point on P-256; the `kid` published is its
 * RFC 7638 thumbprint, so a key swapped behind the same id shows as a new `kid`. Every signature is
 * then verified with that key before it is returned: a signature by another key, or not a signature,
 * is {@link RemoteSignerMismatchError}. Failures to reach the signer are those of
 * {@link createSignerRpc}: `ENTRADA_REMOTE_SIGNER_UNAVAILABLE` (retryable), `…_REFUSED`.
 *
 * @throws {RemoteSignerUnavailableError | RemoteSignerRefusedError | RemoteSignerMismatchError} when the public key cannot be read.
 * @example
 * const issuerSigner = await createRemoteEs256Signer({ url: "https://signer.internal:9000", keyId: "alias/entrada-issuer", bearerToken });
 * createCredentialIssuer({ issuer, key: issuerSigner, clock });
 */
export async function createRemoteEs256Signer(parameters: CreateRemoteEs256SignerParameters): Promise<Es256Signer> {
  const { url, keyId, bearerToken, timeoutMs = 10_000, fetch = globalThis.fetch } = parameters;
  if (!remoteKeyIdPattern.test(keyId))
    throw new TypeError("createRemoteEs256Signer: the key id has characters a signer key id cannot have");
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(`createRemoteEs256Signer: timeoutMs must be a positive whole number, got ${timeoutMs}`);
  }
  const call = createSignerRpc({ url, bearerToken, timeoutMs, fetch, key: { keyId } });
  const publicPart = await p256PublicPart(await call("jws_publicKey", [keyId]));
  if (publicPart === undefined)
    throw new RemoteSignerMismatchError({ method: "jws_publicKey", reason: "malformed", keyId });
  const verifier = await importP256PublicKey(publicPart);
  const publicJwk = await es256PublicJwk(publicPart);

  return {
    kid: publicJwk.kid,
    publicJwk,
    source: "remote",
    async sign(signingInput) {
      const signature = await call("jws_sign", [keyId, signingInput]);
      if (typeof signature !== "string" || !/^[A-Za-z0-9_-]{86}$/.test(signature)) {
        throw new RemoteSignerMismatchError({ method: "jws_sign", reason: "malformed", keyId });
      }
      if (!(await verifyEs256(verifier, signingInput, signature))) {
        throw new RemoteSignerMismatchError({ method: "jws_sign", reason: "wrong_signer", keyId });
      }
      return signature;
    },
  };
}
