import type { Config } from "../../config.ts";
import type { OutboundPolicy } from "./createOutboundHttp.ts";

/** The policy of each use of the outbound client. */
export type OutboundPolicies = {
  /** Webhook endpoints: URLs from API clients. */
  webhooks: OutboundPolicy;
  /** The KYC provider (`KYC_PROVIDER_URL`): passport images leave through it. */
  kycProvider: OutboundPolicy;
  /** The IPFS (Kubo) node of the document store (`IPFS_API_URL`). */
  ipfs: OutboundPolicy;
  /** The remote signer of the `remote:` keys (`SIGNER_URL`). */
  signer: OutboundPolicy;
};

/**
 * What each server-side use of HTTP may reach, in one place. Webhooks and the KYC provider: public
 * addresses over https in production; development and tests also http and, while
 * `OUTBOUND_ALLOW_LOOPBACK` allows (its default there, refused in production), loopback, where the
 * stand-ins listen. The IPFS node is the operator's own and its RPC API must never be public, so it
 * may be on loopback or a private network; link-local (cloud metadata) and the other special ranges
 * stay out of reach for every use.
 *
 * @example
 * const webhookHttp = createOutboundHttp(outboundPolicies(config).webhooks);
 */
export function outboundPolicies(config: Pick<Config, "env" | "outbound">): OutboundPolicies {
  const production = config.env === "production";
  const loopback = config.outbound.allowLoopback ? (["loopback"] as const) : [];
  return {
    webhooks: { target: "webhooks", allowHttp: !production, allow: loopback },
    kycProvider: { target: "kyc-provider", allowHttp: !production, allow: loopback },
    ipfs: {
      target: "ipfs",
      allowHttp: true,
      allow: ["loopback", "private"],
      headersTimeoutMs: 30_000,
      bodyTimeoutMs: 30_000,
      // A sealed document: up to 10 MiB of upload plus the seal's few bytes.
      maxResponseBytes: 11 * 1024 * 1024,
    },
    // The operator's own signer (a KMS proxy, Web3Signer), beside the server or on its private
    // network, like the IPFS node; https in production is the configuration's rule (SIGNER_URL).
    signer: {
      target: "signer",
      allowHttp: true,
      allow: ["loopback", "private"],
      // A signature is a few hundred bytes; a signed transaction a few kilobytes.
      maxResponseBytes: 256 * 1024,
    },
  };
}
