import type { quotes } from "@entrada/db";
import type { Hex } from "viem";
import { z } from "zod";
import { moneyViewSchema, toMoneyView } from "./moneyView.ts";

/** A row of `quotes`. */
export type QuoteRow = typeof quotes.$inferSelect;

/** The escrow's `Quote` struct as JSON (uints as decimal strings). */
export const escrowQuoteSchema = z.object({
  applicationId: z.string(),
  authorityId: z.string(),
  token: z.string(),
  payer: z.string(),
  amount: z.string(),
  platformFee: z.string(),
  decisionDeadline: z.string(),
  expiresAt: z.string(),
});

/** A signed quote as the API returns it. */
export const quoteViewSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  status: z.enum(["open", "paid", "expired", "superseded", "void"]),
  /** The chain it is on (its EIP-712 domain's): where it is paid, and its payment and settlement transactions are. */
  chainId: z.number().int(),
  token: z.enum(["USDC", "USDT"]),
  tokenAddress: z.string(),
  payer: z.string(),
  /** The authority's fee in its currency. */
  visaFee: moneyViewSchema,
  /** The authority's part in the token: what `release` pays it. */
  tokenAmount: moneyViewSchema,
  /** Entrada's fee in the token. */
  platformFee: moneyViewSchema,
  /** What the payer pays: the escrow's `amount`. */
  total: moneyViewSchema,
  platformFeeBps: z.number(),
  /** The prices used, each with its source and update time (unix seconds). */
  rates: z.array(
    z.object({ pair: z.string(), answer: z.string(), decimals: z.number(), updatedAt: z.number(), source: z.string() }),
  ),
  createdAt: z.string(),
  expiresAt: z.string(),
  decisionDeadline: z.string(),
  /** The EIP-712 digest: what the quote signer signed, and the EIP-3009 nonce of a gasless payment. */
  digest: z.string(),
  /** The quote signer's EIP-712 signature (65 bytes). */
  signature: z.string(),
  escrowQuote: escrowQuoteSchema,
});

/** The JSON of {@link quoteViewSchema}. */
export type QuoteView = z.infer<typeof quoteViewSchema>;

/** The escrow's `Quote` struct of a quote row, with bigints, ready for viem. */
export type EscrowQuote = {
  applicationId: Hex;
  authorityId: Hex;
  token: Hex;
  payer: Hex;
  amount: bigint;
  platformFee: bigint;
  decisionDeadline: bigint;
  expiresAt: bigint;
};

/**
 * The escrow's `Quote` struct that a quote row was signed as.
 *
 * @example
 * encodeSettlementCall("release", toEscrowQuote(row)) // from @entrada/contracts
 */
export function toEscrowQuote(row: QuoteRow): EscrowQuote {
  const pricing = row.rateLegs;
  return {
    applicationId: pricing.applicationId,
    authorityId: pricing.authorityId,
    token: row.token,
    payer: row.payer,
    amount: row.total,
    platformFee: row.platformFee,
    decisionDeadline: BigInt(Math.floor(row.decisionDeadline.getTime() / 1000)),
    expiresAt: BigInt(Math.floor(row.expiresAt.getTime() / 1000)),
  };
}

/**
 * A quote row for the API.
 *
 * @example
 * toQuoteView(row).total // { amount: "20342355", currency: "USDC", formatted: "20.342355" }
 */
export function toQuoteView(row: QuoteRow): QuoteView {
  const pricing = row.rateLegs;
  const escrowQuote = toEscrowQuote(row);
  const token = pricing.token;
  return {
    id: row.id,
    applicationId: row.applicationId,
    status: row.status,
    chainId: row.chainId,
    token,
    tokenAddress: row.token,
    payer: row.payer,
    visaFee: toMoneyView({ amount: row.visaFeeMinor, currency: row.visaFeeCurrency }),
    tokenAmount: toMoneyView({ amount: row.tokenAmount, currency: token }),
    platformFee: toMoneyView({ amount: row.platformFee, currency: token }),
    total: toMoneyView({ amount: row.total, currency: token }),
    platformFeeBps: pricing.platformFeeBps,
    rates: pricing.legs,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decisionDeadline: row.decisionDeadline.toISOString(),
    digest: row.digest,
    signature: row.signature,
    escrowQuote: {
      applicationId: escrowQuote.applicationId,
      authorityId: escrowQuote.authorityId,
      token: escrowQuote.token,
      payer: escrowQuote.payer,
      amount: escrowQuote.amount.toString(),
      platformFee: escrowQuote.platformFee.toString(),
      decisionDeadline: escrowQuote.decisionDeadline.toString(),
      expiresAt: escrowQuote.expiresAt.toString(),
    },
  };
}
