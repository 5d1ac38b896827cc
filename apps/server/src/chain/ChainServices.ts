import type { PriceSource } from "@entrada/core";
import type { Address, Client } from "viem";
import type { DevFaucet } from "../services/createDevFaucet.ts";
import type { EscrowDeployment } from "./EscrowDeployment.ts";
import type { Relayers } from "./Relayer.ts";

/**
 * What the server holds for one chain it serves: the escrow and tokens quotes are signed for there,
 * its relayers (payments and one settler per authority), its price sources and its token reads.
 *
 * @example
 * const base: ChainServices = { deployment, relayers, priceSources: [feeds] };
 */
export type ChainServices = {
  readonly deployment: EscrowDeployment;
  readonly relayers: Relayers;
  /** In order of preference (the chain's feeds first). */
  readonly priceSources: readonly PriceSource[];
  /** Reads a token's EIP-2612 nonce on this chain (payment instructions' permit). */
  readonly readPermitNonce?: ((token: Address, owner: Address) => Promise<bigint>) | undefined;
  /** Reads a token balance on this chain (refuses a gasless payment the payer cannot cover). */
  readonly readTokenBalance?: ((token: Address, owner: Address) => Promise<bigint>) | undefined;
  /** A client of this chain, to verify sign-ins of contract wallets made for it (EOAs need none). */
  readonly siweClient?: Client | undefined;
  /** The development faucet of this chain (`POST /dev/faucet` with its `chainId`): local chains in development only. */
  readonly faucet?: DevFaucet | undefined;
};

/**
 * The chains one Entrada serves, by chain id: a quote names its chain (`quotes.chain_id`, the chain id
 * of its EIP-712 domain), and its payment, settlement and expiry happen on that chain's services.
 *
 * @example
 * const chains = createChains([first, second]);
 * chains.get(quote.chainId).relayers.payments.send(…);
 */
export type Chains = {
  /** The first chain (`CHAIN_ID`): quotes name it unless the traveller picks another. */
  readonly primary: ChainServices;
  /** Every chain served, the primary first. */
  readonly all: readonly ChainServices[];
  /** The services of `chainId`; `undefined` when it is not served. */
  find(chainId: number): ChainServices | undefined;
  /** The services of `chainId`; throws when it is not served (a row of a chain no longer configured). */
  get(chainId: number): ChainServices;
};

/**
 * The registry of {@link Chains} over `list` (the primary first; chain ids distinct).
 *
 * @example
 * createChains([{ deployment, relayers, priceSources }]).primary.deployment.chainId // 31337
 */
export function createChains(list: readonly ChainServices[]): Chains {
  const [primary] = list;
  if (primary === undefined) throw new TypeError("createChains: no chain");
  const byId = new Map(list.map((chain) => [chain.deployment.chainId, chain] as const));
  if (byId.size !== list.length) throw new TypeError("createChains: a chain id is listed twice");
  return {
    primary,
    all: list,
    find: (chainId) => byId.get(chainId),
    get(chainId) {
      const chain = byId.get(chainId);
      // A configuration error, not a request's: the row names a chain this server stopped serving.
      if (chain === undefined) throw new Error(`chain ${chainId} is not served by this Entrada`);
      return chain;
    },
  };
}

/** One escrow deployment, or the deployment of each chain served (a quote's `chainId` picks one). */
export type Deployments = EscrowDeployment | ((chainId: number) => EscrowDeployment);

/**
 * The deployment of `chainId` among `deployments`; throws when that chain is not served (a single
 * deployment serves only its own chain: a quote of another chain is never settled on it).
 *
 * @example
 * deploymentOn(chains.get, quote.chainId).escrow
 */
export function deploymentOn(deployments: Deployments, chainId: number): EscrowDeployment {
  if (typeof deployments === "function") return deployments(chainId);
  if (deployments.chainId !== chainId) throw new Error(`chain ${chainId} is not served by this Entrada`);
  return deployments;
}
