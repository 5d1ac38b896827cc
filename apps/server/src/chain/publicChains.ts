import { base, baseSepolia, mainnet, polygon, polygonAmoy, sepolia } from "viem/chains";

/** What a browser needs to know of a public chain: its name, a public RPC and a block explorer. */
export type PublicChain = {
  readonly id: number;
  readonly name: string;
  /** A public JSON-RPC endpoint (rate-limited; set `PUBLIC_RPC_URL` to a better one in production). */
  readonly rpcUrl: string;
  readonly explorerUrl: string;
};

// The chains DESIGN.md names (Polygon PoS, Base, Ethereum) and their test networks, from viem.
const chains = [polygon, polygonAmoy, base, baseSepolia, mainnet, sepolia].map(
  (chain): PublicChain => ({
    id: chain.id,
    name: chain.name,
    rpcUrl: chain.rpcUrls.default.http[0],
    explorerUrl: chain.blockExplorers.default.url,
  }),
);

/**
 * The public chain with this id, among those Entrada is meant to run on; `undefined` for any other
 * (the local chain included). The configuration takes its defaults for `PUBLIC_RPC_URL` and
 * `EXPLORER_URL` from here.
 *
 * @example
 * publicChain(137)?.explorerUrl // "https://polygonscan.com"
 * publicChain(31337)            // undefined
 */
export function publicChain(id: number): PublicChain | undefined {
  return chains.find((chain) => chain.id === id);
}
