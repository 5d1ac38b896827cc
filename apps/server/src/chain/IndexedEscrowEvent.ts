import type { VisaFeeEscrow } from "@entrada/contracts";
import type { DecodeEventLogReturnType, Hex } from "viem";

/** Where a log is in the chain. */
export type LogPosition = {
  chainId: number;
  blockNumber: bigint;
  blockHash: Hex;
  txHash: Hex;
  logIndex: number;
};

/**
 * A `VisaFeeEscrow` log as the indexer hands it to the chain event handler (docs/architecture.md,
 * "Seams"): its position, and `eventName`/`args` as viem's `decodeEventLog` gives them, bigints kept.
 *
 * @example
 * const event: IndexedEscrowEvent = { chainId, blockNumber, blockHash, txHash, logIndex, ...decodeEventLog({ abi: VisaFeeEscrow.abi, data, topics }) };
 */
export type IndexedEscrowEvent = LogPosition & DecodeEventLogReturnType<typeof VisaFeeEscrow.abi>;

/** The chain event handler the indexer calls inside its own transaction (docs/architecture.md). */
export type ChainEventHandler<Tx> = {
  /** New logs, at the confirmation depth, in chain order. */
  onEvents(tx: Tx, events: readonly IndexedEscrowEvent[]): Promise<void>;
  /** Logs a reorg removed, so that what they caused is undone. */
  onRollback(tx: Tx, removed: readonly IndexedEscrowEvent[]): Promise<void>;
};
