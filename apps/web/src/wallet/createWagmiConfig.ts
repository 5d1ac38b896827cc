import { defineChain } from "viem";
import { createConfig, http, injected } from "wagmi";
import type { ClientConfig } from "../api/types.ts";
import { builtInWallet } from "./builtInWallet.ts";

/**
 * wagmi's configuration for the deployment the server describes: its one chain over the public RPC,
 * injected EIP-1193 wallets everywhere, and the built-in wallet on the local chain only.
 */
export function createWagmiConfig(clientConfig: ClientConfig) {
  const { chain: info } = clientConfig;
  const chain = defineChain({
    id: info.id,
    name: info.name,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [info.rpcUrl] } },
    ...(info.explorerUrl ? { blockExplorers: { default: { name: "Explorer", url: info.explorerUrl } } } : {}),
    ...(info.isLocal ? { testnet: true } : {}),
  });
  return createConfig({
    chains: [chain],
    connectors: info.isLocal ? [builtInWallet(), injected()] : [injected()],
    transports: { [chain.id]: http(info.rpcUrl, { batch: true }) },
    // The local chain mines a block a second: poll at that pace for confirmations.
    pollingInterval: info.isLocal ? 1_000 : 4_000,
  });
}

/** The wagmi config type of this app. */
export type EntradaWagmiConfig = ReturnType<typeof createWagmiConfig>;
