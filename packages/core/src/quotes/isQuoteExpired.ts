import type { QuoteTiming } from "./createQuoteService.ts";

/**
 * Whether a quote can no longer be paid: true from the second `expiresAt` on, by the escrow's own
 * rule (`block.timestamp >= expiresAt` reverts, exclusive like EIP-3009's `validBefore`), so
 * off-chain and on-chain agree on the last payable second.
 *
 * @example
 * isQuoteExpired({ expiresAt: 1_767_226_500 }, new Date(1_767_226_499_000)) // false: the last payable second
 * isQuoteExpired({ expiresAt: 1_767_226_500 }, new Date(1_767_226_500_000)) // true
 */
export function isQuoteExpired(quote: Pick<QuoteTiming, "expiresAt">, now: Date): boolean {
  return Math.floor(now.getTime() / 1000) >= quote.expiresAt;
}
