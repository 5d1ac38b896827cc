import { chainProfile } from "@entrada/chain";

/** What a browser needs to know of a public chain, and the confirmations a payment waits for there. */
export type PublicChain = {
  readonly id: number;
  readonly name: string;
  /** A public JSON-RPC endpoint (rate-limited; set `PUBLIC_RPC_URL` to a better one in production). */
  readonly rpcUrl: string;
  readonly explorerUrl: string;
  /** The registry's confirmation depth for the chain: the default of `CHAIN_CONFIRMATIONS`. */
  readonly confirmations: number;
};

/**
 * The public chain with this id, from the chain registry of `@entrada/chain` (Ethereum, Base,
 * Polygon PoS, Arbitrum One and their test networks); `undefined` for any other, the local chain
 * included. The configuration takes its defaults for `PUBLIC_RPC_URL`, `EXPLORER_URL` and
 * `CHAIN_CONFIRMATIONS` from here.
 *
 * @example
 * publicChain(137)?.explorerUrl // "https://polygonscan.com"
 * publicChain(8453)?.confirmations // 10
 * publicChain(31337)            // undefined
 */
export function publicChain(id: number): PublicChain | undefined {
  const profile = chainProfile(id);
  if (profile === undefined || profile.kind === "local" || !profile.publicRpcUrl || !profile.explorerUrl) {
    return undefined;
  }
  return {
    id: profile.id,
    name: profile.name,
    rpcUrl: profile.publicRpcUrl,
    explorerUrl: profile.explorerUrl,
    confirmations: profile.confirmations,
  };
}
