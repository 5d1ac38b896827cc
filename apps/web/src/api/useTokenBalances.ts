import { type Address, erc20Abi } from "viem";
import { useBalance, useReadContracts } from "wagmi";
import { useServedChain } from "./ClientConfigContext.tsx";
import type { StablecoinSymbol } from "./types.ts";

/** How often balances are read again, so they follow payments and the faucet. */
const refreshMs = 4_000;

/**
 * An address's ETH (gas) and stablecoin balances on `chainId` (default: the default chain), in wei
 * and minor units, refreshed every few seconds; `undefined` while unknown.
 *
 * @example
 * const { eth, tokens } = useTokenBalances(address, 1337);
 * tokens.USDC // 1000000000n
 */
export function useTokenBalances(address: Address | undefined, chainId?: number) {
  const chain = useServedChain(chainId);
  const symbols = Object.keys(chain.tokens) as StablecoinSymbol[];
  const eth = useBalance({
    ...(address ? { address } : {}),
    chainId: chain.id,
    query: { enabled: Boolean(address), refetchInterval: refreshMs },
  });
  const reads = useReadContracts({
    contracts: symbols.map((symbol) => ({
      chainId: chain.id,
      address: chain.tokens[symbol].address,
      abi: erc20Abi,
      functionName: "balanceOf" as const,
      args: [address ?? "0x0000000000000000000000000000000000000000"] as const,
    })),
    query: { enabled: Boolean(address), refetchInterval: refreshMs },
  });
  const tokens = Object.fromEntries(
    symbols.map((symbol, index) => {
      const result = reads.data?.[index];
      return [symbol, result?.status === "success" ? (result.result as bigint) : undefined];
    }),
  ) as Record<StablecoinSymbol, bigint | undefined>;
  return {
    eth: eth.data?.value,
    tokens,
    error: eth.error ?? reads.error,
    isLoading: eth.isLoading || reads.isLoading,
    refetch: () => Promise.all([eth.refetch(), reads.refetch()]),
  };
}
