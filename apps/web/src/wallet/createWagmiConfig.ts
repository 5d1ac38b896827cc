import { type Chain, defineChain } from "viem";
import { createConfig, http, injected } from "wagmi";
import { servedChains } from "../api/ClientConfigContext.tsx";
import type { ClientConfig, ServedChain } from "../api/types.ts";
import { builtInWallet } from "./builtInWallet.ts";

/** viem's description of one chain served, over its public RPC. */
function toChain(info: ServedChain): Chain {
  return defineChain({
    id: info.id,
    name: info.name,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [info.rpcUrl] } },
    ...(info.explorerUrl ? { blockExplorers: { default: { name: "Explorer", url: info.explorerUrl } } } : {}),
    ...(info.isLocal ? { testnet: true } : {}),
  });
}

/**
 * wagmi's configuration for the deployment the server describes: every chain it serves (the default
 * first) over their public RPCs, injected EIP-1193 wallets everywhere, and the built-in wallet when
 * every chain served is local.
 */
export function createWagmiConfig(clientConfig: ClientConfig) {
  const served = servedChains(clientConfig);
  const [first, ...rest] = served.map(toChain) as [Chain, ...Chain[]];
  const allLocal = served.every((info) => info.isLocal);
  return createConfig({
    chains: [first, ...rest],
    connectors: allLocal ? [builtInWallet(), injected()] : [injected()],
    transports: Object.fromEntries(served.map((info) => [info.id, http(info.rpcUrl, { batch: true })])),
    // The local chain mines a block a second: poll at that pace for confirmations.
    pollingInterval: allLocal ? 1_000 : 4_000,
  });
}

/** The wagmi config type of this app. */
export type EntradaWagmiConfig = ReturnType<typeof createWagmiConfig>;
