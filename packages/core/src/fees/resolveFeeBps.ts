import { FeeAboveCapError } from "../errors/fee.ts";
import { assertBps } from "../money/applyBps.ts";

/** A reduction of the platform fee rate, for example for a member's reputation or a large batch. */
export type Discount = {
  /** Why, shown to the payer beside the fee: "reputation", "batch", … */
  readonly reason: string;
  /** Basis points taken off the fee rate (not off the amount). */
  readonly bps: number;
};

/** A {@link Discount} with the part of it that actually applied after capping. */
export type AppliedDiscount = Discount & {
  /** At most `bps`; less when earlier discounts already reached the cap. */
  readonly appliedBps: number;
};

/** Parameters of {@link resolveFeeBps}. */
export type ResolveFeeBpsParameters = {
  /** Platform fee rate before discounts. Default 10 (0.1 %). */
  feeBps?: number;
  /** Applied in order until the cap is reached. Default none. */
  discounts?: readonly Discount[];
  /**
   * Most the discounts together may take off. Default (and never more than) `feeBps`, so the rate
   * never goes below 0. Governance may set it lower to keep a minimum fee.
   */
  maxDiscountBps?: number;
  /** The escrow's fee cap (`feeCapBps()` on chain). Default 100, the deploy default. */
  feeCapBps?: number;
};

/** What {@link resolveFeeBps} returns. */
export type ResolveFeeBpsReturnType = {
  feeBps: number;
  discounts: readonly AppliedDiscount[];
  /** Sum of `appliedBps`. */
  discountBps: number;
  /** `feeBps − discountBps`: the rate the escrow sees. */
  effectiveBps: number;
};

/**
 * The default platform fee rate: 10 bps = 0.1 %.
 *
 * @example
 * resolveFeeBps().effectiveBps === defaultFeeBps // true
 */
export const defaultFeeBps = 10;
/**
 * The escrow's default fee cap (`deployEntrada`'s `feeCapBps`): 100 bps = 1 %. Pass the deployed
 * escrow's `feeCapBps()` when it differs.
 *
 * @example
 * resolveFeeBps({ feeBps: 150 }) // throws FeeAboveCapError: 150 > defaultFeeCapBps
 */
export const defaultFeeCapBps = 100;

/**
 * The platform fee rate after discounts. Discounts reduce the rate, not the amount, so a batch
 * quote carries one `platformFeeBps` as the escrow's `BatchQuote` does.
 *
 * @example
 * resolveFeeBps({ feeBps: 10, discounts: [{ reason: "reputation", bps: 3 }, { reason: "batch", bps: 9 }] })
 * // { feeBps: 10, discountBps: 10, effectiveBps: 0,
 * //   discounts: [{ reason: "reputation", bps: 3, appliedBps: 3 }, { reason: "batch", bps: 9, appliedBps: 7 }] }
 */
export function resolveFeeBps(parameters: ResolveFeeBpsParameters = {}): ResolveFeeBpsReturnType {
  const { feeBps = defaultFeeBps, discounts = [], feeCapBps = defaultFeeCapBps } = parameters;
  assertBps(feeBps, "feeBps");
  assertBps(feeCapBps, "feeCapBps");
  const maxDiscountBps = parameters.maxDiscountBps ?? feeBps;
  assertBps(maxDiscountBps, "maxDiscountBps");
  let remaining = Math.min(maxDiscountBps, feeBps);
  const applied = discounts.map((discount, i) => {
    assertBps(discount.bps, `discounts[${i}].bps`);
    const appliedBps = Math.min(discount.bps, remaining);
    remaining -= appliedBps;
    return { reason: discount.reason, bps: discount.bps, appliedBps };
  });
  const discountBps = applied.reduce((sum, discount) => sum + discount.appliedBps, 0);
  const effectiveBps = feeBps - discountBps;
  // The escrow checks the fee it receives against its cap; refusing here gives a clear error
  // instead of a quote that reverts when paid.
  if (effectiveBps > feeCapBps) throw new FeeAboveCapError({ bps: effectiveBps, capBps: feeCapBps });
  return { feeBps, discounts: applied, discountBps, effectiveBps };
}
