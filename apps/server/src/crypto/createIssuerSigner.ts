import { createLocalEs256Signer, createRemoteEs256Signer, type Es256Signer } from "@entrada/chain";
import type { Config } from "../config.ts";
import { resolveIssuerKey } from "./resolveIssuerKey.ts";

/** Parameters of {@link createIssuerSigner}. */
export type CreateIssuerSignerParameters = {
  config: Pick<Config, "env" | "dataDir" | "identity" | "signer">;
  /** The HTTP client that reaches the remote signer (the outbound client of its `signer` policy). */
  fetch?: typeof globalThis.fetch | undefined;
};

/**
 * The credential issuer's key behind the one signer interface, configured as the EVM keys are:
 * `IDENTITY_ISSUER_KEY=remote:<key id>` is a P-256 key of the remote signer at `SIGNER_URL` (its
 * public key read and checked now, so a wrong id or token stops start-up); a private JWK, or none
 * (development, tests: {@link resolveIssuerKey}), is a local key imported as non-extractable.
 *
 * @throws {RemoteSignerUnavailableError | RemoteSignerRefusedError | RemoteSignerMismatchError} when the remote key cannot be read.
 * @example
 * const issuerSigner = await createIssuerSigner({ config, fetch: outbound.fetch });
 * createCredentialIssuer({ issuer: config.publicUrl, key: issuerSigner, clock });
 */
export async function createIssuerSigner({ config, fetch }: CreateIssuerSignerParameters): Promise<Es256Signer> {
  const configured = config.identity.issuerKey;
  if (configured?.startsWith("remote:")) {
    if (config.signer === undefined) {
      // loadConfig refuses a remote key without SIGNER_URL; a hand-made Config may not.
      throw new TypeError("createIssuerSigner: a remote issuer key needs config.signer (SIGNER_URL)");
    }
    return createRemoteEs256Signer({
      url: config.signer.url,
      keyId: configured.slice("remote:".length),
      bearerToken: config.signer.bearerToken,
      timeoutMs: config.signer.timeoutMs,
      fetch,
    });
  }
  const key = await resolveIssuerKey(config);
  return createLocalEs256Signer({ privateJwk: key.privateJwk, kid: key.kid });
}
