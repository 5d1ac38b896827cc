import type { IndexedEscrowEvent } from "@entrada/chain";
import { type Address, type Hex, keccak256, stringToHex } from "viem";

/** The escrow's quote struct as the API returns it (uints as decimal strings). */
export type EscrowQuoteJson = Record<
  "applicationId" | "authorityId" | "token" | "payer" | "amount" | "platformFee" | "decisionDeadline" | "expiresAt",
  string
>;

/** Where a log sits on the chain: the indexer's fields of an {@link IndexedEscrowEvent} beside the decoded event. */
export type LogPosition = Pick<IndexedEscrowEvent, "chainId" | "blockNumber" | "blockHash" | "txHash" | "logIndex">;

let nextBlock = 100n;

/**
 * A position for a synthetic log: a fresh transaction in a fresh block, unless given.
 *
 * @example
 * const at = logPosition({ logIndex: 2 });
 */
export function logPosition(overrides: Partial<LogPosition> = {}): LogPosition {
  nextBlock += 1n;
  const label = `${nextBlock}-${Math.random()}`;
  return {
    chainId: 31337,
    blockNumber: nextBlock,
    blockHash: keccak256(stringToHex(`block-${label}`)),
    txHash: keccak256(stringToHex(`tx-${label}`)),
    logIndex: 0,
    ...overrides,
  };
}

/**
 * The `EscrowPaid` log the escrow emits when a quote is paid.
 *
 * @example
 * await db.transaction((tx) => handler.onEvents(tx, [escrowPaid(quote.escrowQuote)]));
 */
export function escrowPaid(quote: EscrowQuoteJson, at: Partial<LogPosition> = {}): IndexedEscrowEvent {
  return {
    ...logPosition(at),
    eventName: "EscrowPaid",
    args: {
      applicationId: quote.applicationId as Hex,
      authorityId: quote.authorityId as Hex,
      payer: quote.payer as Address,
      token: quote.token as Address,
      amount: BigInt(quote.amount),
      platformFee: BigInt(quote.platformFee),
      decisionDeadline: BigInt(quote.decisionDeadline),
      expiresAt: BigInt(quote.expiresAt),
    },
  };
}

/**
 * A settlement log: `EscrowReleased`, `EscrowRefunded` or `EscrowClaimed`.
 *
 * @example
 * escrowSettled("EscrowReleased", quote.escrowQuote)
 */
export function escrowSettled(
  eventName: "EscrowReleased" | "EscrowRefunded" | "EscrowClaimed",
  quote: EscrowQuoteJson,
  at: Partial<LogPosition> = {},
): IndexedEscrowEvent {
  // Settlement events carry only the id: the amounts are in the application's `EscrowPaid`.
  return { ...logPosition(at), eventName, args: { applicationId: quote.applicationId as Hex } };
}
