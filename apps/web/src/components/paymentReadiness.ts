import { type Address, isAddressEqual } from "viem";
import type { PaymentMethod } from "../api/usePayment.ts";

/** Parameters of {@link paymentReadiness}: what the wallet, the chain and the quote say now. */
export type PaymentReadinessParameters = {
  /** A wallet is connected. */
  isConnected: boolean;
  /** The connected account, if any. */
  address: Address | undefined;
  /** The wallet's network. */
  chainId: number | undefined;
  /** The network the escrow is on. */
  expectedChainId: number;
  /** The only address the quote may be paid from; `null` without a quote. */
  payer: Address | null;
  /** What the payer transfers (the escrow's `amount`), in the token's minor units; none without a quote. */
  total: bigint | undefined;
  /** The account's token balance, once read. */
  balance: bigint | undefined;
  /** The account's native balance (gas), once read; only a method the payer sends needs it. */
  gasBalance: bigint | undefined;
  /** The way of paying chosen. */
  method: PaymentMethod;
  /** Seconds until the quote expires, `null` without a quote. */
  secondsLeft: number | null;
  /**
   * What the token's issuer says, once read, for a token that has these powers (Circle's USDC:
   * `isBlacklisted(account)`, `paused()`); `undefined` for a token without them or not read yet.
   */
  issuer?: { blacklisted: boolean | undefined; paused: boolean | undefined } | undefined;
};

/** Why the pay button may not be pressed yet; each has its notice with the way forward. */
export type PaymentReadiness = {
  /** The wallet is on another network than the escrow. */
  wrongChain: boolean;
  /** The connected account is not the quote's payer. */
  wrongPayer: boolean;
  /** The account holds less of the token than the total. */
  short: boolean;
  /** The method needs gas (the payer sends the transaction) and the account has none. */
  noGas: boolean;
  /** The quote expired: a new one is needed. */
  expired: boolean;
  /** The token's issuer blacklisted the connected account: the token refuses its transfers. */
  blacklisted: boolean;
  /** The token's issuer paused the token: no transfer of it goes through now. */
  tokenPaused: boolean;
};

/**
 * The checks made before anything is signed, from what the wallet and the chain report. A value
 * not read yet (a balance still loading) raises nothing: the check waits for it.
 *
 * @example
 * paymentReadiness({ isConnected: true, address, chainId: 31337, expectedChainId: 31337, payer: address,
 *   total: 20_000_000n, balance: 5_000_000n, gasBalance: 0n, method: "authorization", secondsLeft: 600 })
 * // { wrongChain: false, wrongPayer: false, short: true, noGas: false, expired: false, blacklisted: false, tokenPaused: false }
 */
export function paymentReadiness(parameters: PaymentReadinessParameters): PaymentReadiness {
  const { isConnected, address, payer, total, balance, gasBalance, method } = parameters;
  return {
    wrongChain: isConnected && parameters.chainId !== parameters.expectedChainId,
    wrongPayer: Boolean(isConnected && address && payer && !isAddressEqual(address, payer)),
    short: total !== undefined && balance !== undefined && balance < total,
    // Gasless payments are sent (and paid for) by Entrada's relayer.
    noGas: method !== "authorization" && gasBalance === 0n,
    expired: parameters.secondsLeft === 0,
    // Signing would only waste the traveller's time: the token would refuse the payment.
    blacklisted: isConnected && parameters.issuer?.blacklisted === true,
    tokenPaused: parameters.issuer?.paused === true,
  };
}
