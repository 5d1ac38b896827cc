import { reconnect } from "wagmi/actions";
import type { ClientConfig } from "../api/types.ts";
import { createWagmiConfig, type EntradaWagmiConfig } from "./createWagmiConfig.ts";

/**
 * The wallet code's entry, loaded on demand by {@link WalletProvider}: wagmi's config for this
 * deployment, with the wallet the traveller used last reconnected (what WagmiProvider does on mount).
 */
export function startWallet(clientConfig: ClientConfig): EntradaWagmiConfig {
  const config = createWagmiConfig(clientConfig);
  void reconnect(config).catch(() => undefined);
  return config;
}
