import {
  createLocalSigner,
  createRemoteSigner,
  type Es256Signer,
  type RemoteSigner,
  type Signer,
} from "@entrada/chain";
import type { Logger } from "pino";
import type { Hex } from "viem";
import type { Config, KeySpec } from "../config.ts";
import { createIssuerSigner } from "../crypto/createIssuerSigner.ts";
import { createOutboundHttp } from "../http/outbound/createOutboundHttp.ts";
import { outboundPolicies } from "../http/outbound/outboundPolicies.ts";

/** The server's signing keys, each behind the one {@link Signer} interface. */
export type Signers = {
  quoteSigner: Signer;
  relayer: Signer;
  /** Per authority slug. */
  settlers: Readonly<Record<string, Signer>>;
  /** Signs identity credentials and status lists (ES256): the credential issuer's key. */
  credentialIssuer: Es256Signer;
  /** Closes the remote signer's connections. */
  close(): Promise<void>;
};

/** Parameters of {@link createSigners}. */
export type CreateSignersParameters = {
  config: Pick<Config, "keys" | "signer" | "env" | "outbound" | "dataDir" | "identity">;
  logger: Pick<Logger, "info">;
};

/**
 * Turns the configured keys into signers: a private key becomes a local signer; `remote:<address>` a
 * signer asking the remote signer at `SIGNER_URL` (through the outbound client, whose `signer` policy
 * says where it may be), each remote key checked once with the signer before anything is signed, so a
 * wrong address or token stops start-up. The credential issuer's P-256 key goes the same way
 * (`IDENTITY_ISSUER_KEY`: a private JWK, or `remote:<key id>` of the same signer; see
 * {@link createIssuerSigner}). Logs which address or key id signs for what, and how; never a key or
 * the signer's token.
 *
 * @example
 * const signers = await createSigners({ config, logger });
 * createRelayer({ db, client, chainId, account: signers.relayer, bumpAfterMs: 30_000 });
 */
export async function createSigners({ config, logger }: CreateSignersParameters): Promise<Signers> {
  const http = config.signer === undefined ? undefined : createOutboundHttp(outboundPolicies(config).signer);
  const remotes = new Map<string, RemoteSigner>();

  function signerOf(key: KeySpec): Signer {
    if (!key.startsWith("remote:")) return createLocalSigner({ privateKey: key as Hex });
    if (config.signer === undefined || http === undefined) {
      // loadConfig refuses remote keys without SIGNER_URL; a hand-made Config may not.
      throw new TypeError("createSigners: a remote key needs config.signer (SIGNER_URL)");
    }
    const address = key.slice("remote:".length);
    let remote = remotes.get(address);
    if (remote === undefined) {
      remote = createRemoteSigner({
        url: config.signer.url,
        address: address as Hex,
        bearerToken: config.signer.bearerToken,
        timeoutMs: config.signer.timeoutMs,
        fetch: http.fetch,
      });
      remotes.set(address, remote);
    }
    return remote;
  }

  try {
    const quoteSigner = signerOf(config.keys.quoteSigner);
    const relayer = signerOf(config.keys.relayer);
    const settlers = Object.fromEntries(
      Object.entries(config.keys.settlers).map(([slug, key]) => [slug, signerOf(key)]),
    );
    for (const remote of remotes.values()) await remote.verify();
    const credentialIssuer = await createIssuerSigner({ config, fetch: http?.fetch });
    const kind = (signer: Signer) => (signer.source === "remote" ? "remote" : "local");
    logger.info(
      {
        quoteSigner: { address: quoteSigner.address, kind: kind(quoteSigner) },
        relayer: { address: relayer.address, kind: kind(relayer) },
        credentialIssuer: { kid: credentialIssuer.kid, kind: credentialIssuer.source },
        settlers: Object.fromEntries(
          Object.entries(settlers).map(([slug, signer]) => [slug, { address: signer.address, kind: kind(signer) }]),
        ),
      },
      "signers ready",
    );
    return { quoteSigner, relayer, settlers, credentialIssuer, close: async () => http?.close() };
  } catch (error) {
    await http?.close();
    throw error;
  }
}
