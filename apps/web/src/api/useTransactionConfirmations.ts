import type { Hex } from "viem";
import { useBlockNumber, useWaitForTransactionReceipt } from "wagmi";

/**
 * Follows a transaction on chain `chainId` (default: the default chain): its receipt once mined, and
 * how many blocks confirm it now (the receipt's block counts as the first), updated with every new block.
 *
 * @example
 * const { receipt, confirmations } = useTransactionConfirmations(txHash, 1337);
 */
export function useTransactionConfirmations(hash: Hex | undefined, chainId?: number) {
  const on = chainId === undefined ? {} : { chainId };
  const receiptQuery = useWaitForTransactionReceipt({
    ...(hash ? { hash } : {}),
    ...on,
    query: { enabled: Boolean(hash) },
  });
  const { data: blockNumber } = useBlockNumber({ ...on, watch: Boolean(hash), query: { enabled: Boolean(hash) } });
  const receipt = receiptQuery.data;
  const confirmations =
    receipt && blockNumber !== undefined ? Math.max(1, Number(blockNumber - receipt.blockNumber) + 1) : receipt ? 1 : 0;
  return { receipt, confirmations, error: receiptQuery.error, isWaiting: Boolean(hash) && !receipt };
}
