import { type Address, erc20Abi, parseAbi } from "viem";
import { useBalance, useConnection, useReadContract } from "wagmi";
import { useServedChain } from "../api/ClientConfigContext.tsx";
import type { QuoteDetails } from "../api/travellerTypes.ts";
import type { PaymentMethod } from "../api/usePayment.ts";
import { type PaymentReadiness, paymentReadiness } from "./paymentReadiness.ts";
import { useSecondsLeft } from "./QuoteCountdown.tsx";

/** What {@link usePaymentReadiness} returns: the wallet, the figures of the checks, and their outcome. */
export type UsePaymentReadinessReturnType = PaymentReadiness & {
  /** The connected account, if any. */
  address: Address | undefined;
  isConnected: boolean;
  /** wagmi's connection status: `connecting` and `reconnecting` keep the connect button pressed. */
  connectionStatus: ReturnType<typeof useConnection>["status"];
  /** The quote's payer, `null` without a quote. */
  payer: Address | null;
  /** The quote's total in the token's minor units. */
  total: bigint | undefined;
  /** The token's decimals, for showing balances. */
  decimals: number;
  /** The account's token balance, once read. */
  balance: bigint | undefined;
  /** Reads the token and gas balances again (after the faucet funded the account). */
  refreshBalances(): void;
};

/**
 * The token issuer's powers that stop a transfer (Circle's FiatTokenV2_2); a token without them
 * reverts on these reads, which then raise nothing.
 */
const tokenIssuerAbi = parseAbi([
  "function paused() view returns (bool)",
  "function isBlacklisted(address account) view returns (bool)",
]);

/** Parameters of {@link usePaymentReadiness}. */
export type UsePaymentReadinessParameters = {
  /** The open quote, once loaded. */
  quote: QuoteDetails | undefined;
  /** The way of paying chosen: gas is read (and needed) only when the payer sends the transaction. */
  method: PaymentMethod;
  /** The quote's chain (default: the default chain): the wallet must be on it, balances are read there. */
  chainId?: number | undefined;
};

/**
 * Whether the connected wallet can pay the quote now (see {@link paymentReadiness}): the network, the
 * payer, the token balance and the gas, read from the chain every 4 s, the token issuer's blacklist and
 * pause (for a token that has them), and the quote's expiry.
 *
 * @example
 * const readiness = usePaymentReadiness({ quote, method: "authorization" });
 * readiness.short // the wallet holds less than the total: offer the faucet
 */
export function usePaymentReadiness({
  quote,
  method,
  chainId: quoteChainId,
}: UsePaymentReadinessParameters): UsePaymentReadinessReturnType {
  const chain = useServedChain(quoteChainId);
  const { address, isConnected, chainId, status: connectionStatus } = useConnection();
  const secondsLeft = useSecondsLeft(quote?.expiresAt);
  const balance = useReadContract({
    chainId: chain.id,
    address: quote?.tokenAddress,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [address ?? "0x0000000000000000000000000000000000000000"],
    query: { enabled: Boolean(quote && address), refetchInterval: 4_000 },
  });
  // A token without these functions answers with an error: no data, no notice, no retries.
  const blacklisted = useReadContract({
    address: quote?.tokenAddress,
    abi: tokenIssuerAbi,
    functionName: "isBlacklisted",
    chainId: chain.id,
    args: [address ?? "0x0000000000000000000000000000000000000000"],
    query: { enabled: Boolean(quote && address), refetchInterval: 15_000, retry: false },
  });
  const paused = useReadContract({
    address: quote?.tokenAddress,
    abi: tokenIssuerAbi,
    functionName: "paused",
    chainId: chain.id,
    query: { enabled: Boolean(quote), refetchInterval: 15_000, retry: false },
  });
  const gas = useBalance({
    ...(address ? { address } : {}),
    chainId: chain.id,
    query: { enabled: Boolean(address) && method !== "authorization", refetchInterval: 4_000 },
  });

  const payer = quote?.payer ?? null;
  const total = quote ? BigInt(quote.escrowQuote.amount) : undefined;
  return {
    ...paymentReadiness({
      isConnected,
      address,
      chainId,
      expectedChainId: chain.id,
      payer,
      total,
      balance: balance.data,
      gasBalance: gas.data?.value,
      method,
      secondsLeft: quote ? secondsLeft : null,
      issuer: { blacklisted: blacklisted.data, paused: paused.data },
    }),
    address,
    isConnected,
    connectionStatus,
    payer,
    total,
    decimals: quote ? (chain.tokens[quote.token]?.decimals ?? 6) : 6,
    balance: balance.data,
    refreshBalances() {
      void balance.refetch();
      void gas.refetch();
    },
  };
}
