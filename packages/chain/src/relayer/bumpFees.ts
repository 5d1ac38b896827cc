/** EIP-1559 fees of a transaction, in wei per gas. */
export type FeeValues = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

/** Parameters of {@link bumpFees}. */
export type BumpFeesParameters = {
  /** The fees of the version waiting in the mempool. */
  current: FeeValues;
  /** What the node suggests now (`estimateFeesPerGas`). */
  market: FeeValues;
  /** Fees never go above the node's suggestion by more than this percentage. */
  maxFeeBumpPercent: number;
};

/** Nodes replace a pending transaction only when both fees rise by 10 % (geth) to 12.5 % (others). */
const bumpPerMille = 1125n;

/**
 * The fees of a replacement: each fee raised by at least 12.5 % (rounded up, so every client's
 * replacement rule accepts it), or to what the node suggests now if that is higher (a fee spike).
 * `undefined` when that would exceed the cap, `market.maxFeePerGas × (1 + maxFeeBumpPercent / 100)`:
 * then the transaction waits with its current fees. The cap follows the market, so a transaction
 * still gets through a spike, but bumping on a calm chain stops instead of compounding forever.
 *
 * @example
 * bumpFees({ current: { maxFeePerGas: 1000n, maxPriorityFeePerGas: 100n }, market: { maxFeePerGas: 1000n, maxPriorityFeePerGas: 100n }, maxFeeBumpPercent: 50 })
 * // { maxFeePerGas: 1125n, maxPriorityFeePerGas: 113n }
 */
export function bumpFees({ current, market, maxFeeBumpPercent }: BumpFeesParameters): FeeValues | undefined {
  if (!Number.isSafeInteger(maxFeeBumpPercent) || maxFeeBumpPercent < 0) {
    throw new RangeError(`bumpFees: maxFeeBumpPercent must be a whole number ≥ 0, got ${maxFeeBumpPercent}`);
  }
  const raise = (fee: bigint) => (fee * bumpPerMille + 999n) / 1000n;
  const maxPriorityFeePerGas = max(raise(current.maxPriorityFeePerGas), market.maxPriorityFeePerGas);
  const maxFeePerGas = max(raise(current.maxFeePerGas), market.maxFeePerGas, maxPriorityFeePerGas);
  const cap = (market.maxFeePerGas * BigInt(100 + maxFeeBumpPercent)) / 100n;
  return maxFeePerGas > cap ? undefined : { maxFeePerGas, maxPriorityFeePerGas };
}

/** The largest of bigints (Math.max takes numbers only). */
function max(first: bigint, ...rest: bigint[]): bigint {
  let largest = first;
  for (const value of rest) if (value > largest) largest = value;
  return largest;
}
