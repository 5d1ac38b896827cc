import type { Hex } from "viem";
import { useBlockNumber, useWaitForTransactionReceipt } from "wagmi";

/**
 * Follows a transaction on chain: its receipt once mined, and how many blocks confirm it now
 * (the receipt's block counts as the first), updated with every new block.
 *
 * @example
 * const { receipt, confirmations } = useTransactionConfirmations(txHash);
 */
export function useTransactionConfirmations(hash: Hex | undefined) {
  const receiptQuery = useWaitForTransactionReceipt({
    ...(hash ? { hash } : {}),
    query: { enabled: Boolean(hash) },
  });
  const { data: blockNumber } = useBlockNumber({ watch: Boolean(hash), query: { enabled: Boolean(hash) } });
  const receipt = receiptQuery.data;
  const confirmations =
    receipt && blockNumber !== undefined ? Math.max(1, Number(blockNumber - receipt.blockNumber) + 1) : receipt ? 1 : 0;
  return { receipt, confirmations, error: receiptQuery.error, isWaiting: Boolean(hash) && !receipt };
}
