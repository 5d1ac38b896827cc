import type { TokenSymbol } from "../money/currencies.ts";

/**
 * How a quote was priced, as the quote's row keeps it (`quotes.rate_legs`, JSON): the prices used,
 * the rate, the platform fee rate and its discounts, and the escrow ids the quote was signed for.
 * Bigints are decimal strings, so that the record survives JSON; the server writes it when it signs
 * a quote and reads it to rebuild the escrow's `Quote` and the payer's receipt.
 *
 * @example
 * const record: QuotePricingRecord = {
 *   token: "USDC",
 *   legs: [{ pair: "GBP/USD", answer: "127000000", decimals: 8, updatedAt: 1_760_000_000, source: "feeds" }],
 *   rate: { numerator: "127000000", denominator: "99990000" },
 *   feeBps: 10,
 *   platformFeeBps: 10,
 *   discounts: [],
 *   authorityId: "0x…",
 *   applicationId: "0x…",
 * };
 */
export type QuotePricingRecord = {
  token: TokenSymbol;
  /** Each price used (`X/USD` then `TOKEN/USD`), its answer as a decimal string. */
  legs: { pair: string; answer: string; decimals: number; updatedAt: number; source: string }[];
  /** Token per unit of the visa fee's currency, exactly, as decimal strings. */
  rate: { numerator: string; denominator: string };
  /** Platform fee rate before discounts. */
  feeBps: number;
  /** The rate charged: the escrow's `platformFeeBps`. */
  platformFeeBps: number;
  discounts: { reason: string; bps: number; appliedBps: number }[];
  /** The escrow's bytes32 authority id the quote was signed for. */
  authorityId: `0x${string}`;
  /** The escrow's bytes32 application id the quote was signed for. */
  applicationId: `0x${string}`;
};
