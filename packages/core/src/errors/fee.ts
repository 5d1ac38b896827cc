import { BaseError } from "./BaseError.ts";

/**
 * A basis-point value outside 0–10000 or not a whole number.
 *
 * @example
 * applyBps({ amount: 100n, currency: "USD" }, 10.5, "floor") // throws InvalidBpsError (ENTRADA_BPS_INVALID)
 */
export class InvalidBpsError extends BaseError {
  override name = "InvalidBpsError" as const;
  constructor({ bps, label = "bps" }: { bps: number; label?: string }) {
    super(`${label} must be a whole number of basis points from 0 to 10000; got ${bps}.`, {
      code: "ENTRADA_BPS_INVALID",
      details: { label, bps: String(bps) },
    });
  }
}

/**
 * The platform fee rate exceeds the escrow's cap, so a payment with it would revert on chain.
 *
 * @example
 * computePlatformFee({ visaFee, feeBps: 150, feeCapBps: 100 }) // throws FeeAboveCapError (ENTRADA_FEE_ABOVE_CAP)
 */
export class FeeAboveCapError extends BaseError {
  override name = "FeeAboveCapError" as const;
  constructor({ bps, capBps }: { bps: number; capBps: number }) {
    super(`A platform fee of ${bps} bps is above the cap of ${capBps} bps.`, {
      code: "ENTRADA_FEE_ABOVE_CAP",
      details: { bps, capBps },
      metaMessages: ["The escrow contract reverts with EscrowFeeAboveCap for such a quote; governance sets the cap."],
    });
  }
}

/**
 * A batch without applications; the escrow reverts such a batch.
 *
 * @example
 * computeBatchPlatformFee({ visaFees: [] }) // throws EmptyBatchError (ENTRADA_BATCH_EMPTY)
 */
export class EmptyBatchError extends BaseError {
  override name = "EmptyBatchError" as const;
  constructor() {
    super("A batch needs at least one application.", { code: "ENTRADA_BATCH_EMPTY" });
  }
}
