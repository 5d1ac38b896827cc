import { createContext, useContext } from "react";
import type { ClientConfig, ServedChain } from "./types.ts";

/** The deployment as the server describes it (`GET /client-config`), loaded once before the app renders. */
export const ClientConfigContext = createContext<ClientConfig | null>(null);

/** The deployment: chain, escrow, tokens and which development features are on. */
export function useClientConfig(): ClientConfig {
  const config = useContext(ClientConfigContext);
  if (!config) throw new Error("useClientConfig outside <ClientConfigContext.Provider>");
  return config;
}

/**
 * Every chain served, the default first: the configuration's `chains`, or its one chain.
 *
 * @example
 * servedChains(config).length > 1 // offer the choice of chain
 */
export function servedChains(config: ClientConfig): ServedChain[] {
  if (config.chains !== undefined && config.chains.length > 0) return config.chains;
  return [{ ...config.chain, escrow: config.escrow, tokens: config.tokens, faucet: config.features.faucet }];
}

/**
 * One chain served: `chainId`'s, or the default chain when `chainId` is not given or not served (a
 * quote can only name a chain served).
 *
 * @example
 * const chain = useServedChain(details?.chainId);
 * chain.tokens.USDC.address
 */
export function useServedChain(chainId?: number): ServedChain {
  return servedChain(useClientConfig(), chainId);
}

/** {@link useServedChain} outside React. */
export function servedChain(config: ClientConfig, chainId?: number): ServedChain {
  const chains = servedChains(config);
  return chains.find((chain) => chain.id === chainId) ?? chains[0]!;
}
