import type { VisaFeeEscrow } from "@entrada/contracts";
import type { Transaction } from "@entrada/db";
import type { DecodeEventLogReturnType, Hex } from "viem";

/** The ABI the indexer decodes escrow logs with. */
export type EscrowAbi = (typeof VisaFeeEscrow)["abi"];

/** An escrow event as viem decodes it: `eventName` and typed `args`, one member per event of the ABI. */
export type EscrowEvent = DecodeEventLogReturnType<EscrowAbi>;

/**
 * An escrow log the indexer stored, with where it sits on the chain. A union on `eventName`, so a
 * handler narrows `args` by checking the name; bigints stay bigints (`uint8`–`uint48` are numbers,
 * as viem decodes them).
 *
 * @example
 * if (event.eventName === "EscrowPaid") console.log(event.args.applicationId, event.args.amount);
 */
export type IndexedEscrowEvent = EscrowEvent & {
  chainId: number;
  blockNumber: bigint;
  blockHash: Hex;
  txHash: Hex;
  logIndex: number;
};

/**
 * What the indexer calls with new events, and with the events a reorg removed, inside the database
 * transaction that stores them (use `tx` only). Throwing rolls the whole range back; the next sync
 * tries again. Implemented by the server (application state, payments, outbox).
 *
 * @example
 * const handler: ChainEventHandler = {
 *   async onEvents(tx, events) { for (const event of events) await applyEvent(tx, event) },
 *   async onRollback(tx, removed) { for (const event of removed) await undoEvent(tx, event) },
 * };
 */
export type ChainEventHandler = {
  /** Events not stored before, in chain order (block, then log index). Not called for none. */
  onEvents(tx: Transaction, events: IndexedEscrowEvent[]): Promise<void>;
  /** Events a reorg removed, newest first (undo order). Not called for none. */
  onRollback(tx: Transaction, removed: IndexedEscrowEvent[]): Promise<void>;
};
