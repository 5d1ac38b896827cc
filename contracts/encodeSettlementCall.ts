import { type Address, encodeFunctionData, type Hex, maxUint64, maxUint128 } from "viem";
import { VisaFeeEscrowAbi } from "./generated/VisaFeeEscrow.ts";

/** A single-application quote as the escrow's `pay` takes it (IVisaFeeEscrow.Quote). */
export type EscrowQuote = {
  applicationId: Hex;
  authorityId: Hex;
  token: Address;
  payer: Address;
  amount: bigint;
  platformFee: bigint;
  decisionDeadline: bigint;
  expiresAt: bigint;
};

/** The ways one application settles: approval, rejection, no decision by the deadline. */
export type SettlementKind = "release" | "refund" | "claimExpired";

/**
 * The escrow function of each settlement kind. Release and refund carry names whose selectors
 * sort first in the escrow's dispatch (docs/contracts.md, "Gas"), so calldata must name them so.
 */
export const settlementFunctionNames = {
  release: "releaseEscrowByAuthority",
  refund: "refundPaymentFee",
  claimExpired: "claimExpired",
} as const satisfies Record<SettlementKind, string>;

/** An open escrow as settlement takes it back (IVisaFeeEscrow.EscrowRecord): the quote, packed. */
export type EscrowRecord = {
  applicationId: Hex;
  authorityId: Hex;
  tokenAndDecisionDeadline: bigint;
  payerAndExpiresAt: bigint;
  amountAndPlatformFee: bigint;
};

/** One application of `releaseEscrowMany` (IVisaFeeEscrow.Settlement). */
export type ReleaseManyItem = {
  applicationId: Hex;
  payerAndExpiresAt: bigint;
  amountAndPlatformFee: bigint;
  decisionDeadline: bigint;
};

function packAddressAndTime(address: Address, time: bigint): bigint {
  if (time < 0n || time > maxUint64) throw new RangeError(`packAddressAndTime: ${time} does not fit in 64 bits`);
  return (time << 160n) | BigInt(address);
}

function packAmounts(amount: bigint, platformFee: bigint): bigint {
  for (const value of [amount, platformFee]) {
    if (value < 0n || value > maxUint128) throw new RangeError(`packAmounts: ${value} does not fit in 128 bits`);
  }
  return (amount << 128n) | platformFee;
}

/**
 * The packed record of the quote that paid an application: what `releaseEscrowByAuthority`,
 * `refundPaymentFee` and `claimExpired` take (five words of calldata instead of the quote's eight).
 *
 * @example
 * await escrow.write.refundPaymentFee([toEscrowRecord(quote)]);
 */
export function toEscrowRecord(quote: EscrowQuote): EscrowRecord {
  return {
    applicationId: quote.applicationId,
    authorityId: quote.authorityId,
    tokenAndDecisionDeadline: packAddressAndTime(quote.token, quote.decisionDeadline),
    payerAndExpiresAt: packAddressAndTime(quote.payer, quote.expiresAt),
    amountAndPlatformFee: packAmounts(quote.amount, quote.platformFee),
  };
}

/**
 * One item of `releaseEscrowMany(authorityId, token, items)`: the quote's record without the
 * authority and token that the items share.
 *
 * @example
 * await escrow.write.releaseEscrowMany([authorityId, token, quotes.map(toReleaseManyItem)]);
 */
export function toReleaseManyItem(quote: EscrowQuote): ReleaseManyItem {
  return {
    applicationId: quote.applicationId,
    payerAndExpiresAt: packAddressAndTime(quote.payer, quote.expiresAt),
    amountAndPlatformFee: packAmounts(quote.amount, quote.platformFee),
    decisionDeadline: quote.decisionDeadline,
  };
}

/**
 * The calldata that settles the application `quote` paid: `release` (approval), `refund`
 * (rejection) or `claimExpired` (no decision by the deadline). The one place off-chain code encodes
 * a settlement, so that it follows the escrow's packed record.
 *
 * @example
 * const data = encodeSettlementCall("release", quote);
 * await relayer.submit({ key: `release:${digest}`, to: escrow, data });
 */
export function encodeSettlementCall(kind: SettlementKind, quote: EscrowQuote): Hex {
  return encodeFunctionData({
    abi: VisaFeeEscrowAbi,
    functionName: settlementFunctionNames[kind],
    args: [toEscrowRecord(quote)],
  });
}
