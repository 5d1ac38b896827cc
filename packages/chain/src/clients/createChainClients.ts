import { localChainDefinition } from "@entrada/contracts";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { base, baseSepolia, mainnet, polygon, polygonAmoy, sepolia } from "viem/chains";

/**
 * viem clients of one chain: what the relayer, the indexer and the feed price source take. Both
 * {@link createChainClients} (HTTP) and the in-process local chain (`createLocalChain()` of
 * `@entrada/contracts`, whose `LocalChain` has this shape) provide it.
 */
export type ChainClients = {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** A wallet client that signs locally with `account` and sends raw transactions. */
  wallet(account: Account): WalletClient<Transport, Chain, Account>;
};

/** Parameters of {@link createChainClients}. */
export type CreateChainClientsParameters = {
  /** The chain the endpoint must serve; wallet clients refuse to send elsewhere. */
  chainId: number;
  /** JSON-RPC over HTTP(S): a node, a provider, or `npm run chain` (http://127.0.0.1:8545). */
  rpcUrl: string;
  /** How often clients poll for blocks and receipts, in ms. Default viem's (4 s); 1 s suits the local chain. */
  pollingInterval?: number;
};

/** The chains Entrada runs on, whose viem definitions carry their names and multicall contracts. */
const knownChains: readonly Chain[] = [mainnet, sepolia, polygon, polygonAmoy, base, baseSepolia, localChainDefinition];

/**
 * Public and wallet clients for a chain reached over HTTP JSON-RPC.
 *
 * @example
 * const clients = createChainClients({ chainId: 8453, rpcUrl: process.env.CHAIN_RPC_URL });
 * const block = await clients.publicClient.getBlockNumber();
 * const hash = await clients.wallet(account).sendTransaction({ to, data });
 */
export function createChainClients({ chainId, rpcUrl, pollingInterval }: CreateChainClientsParameters): ChainClients {
  const known = knownChains.find((chain) => chain.id === chainId);
  const chain = defineChain({
    ...(known ?? {
      id: chainId,
      name: `Chain ${chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    }),
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const transport = http(rpcUrl);
  const polling = pollingInterval === undefined ? {} : { pollingInterval };
  return {
    chain,
    publicClient: createPublicClient({ chain, transport, ...polling }),
    wallet: (account) => createWalletClient({ chain, transport, account, ...polling }),
  };
}
