import { InvalidBpsError } from "../errors/fee.ts";
import type { Money } from "./Money.ts";
import { type Rounding, roundDiv } from "./roundDiv.ts";

/**
 * Basis points in one whole: 10 000 bps = 100 % (the escrow's `_BPS`).
 *
 * @example
 * (amount * BigInt(bps)) / bpsDenominator // what applyBps(…, "floor") computes
 */
export const bpsDenominator = 10_000n;

/**
 * `money × bps / 10 000`, rounded as asked, in the money's own minor units.
 *
 * With `floor` this is exactly the escrow contract's `fee * bps / 10000` (Solidity divides
 * unsigned integers rounding down), so an off-chain fee equals the on-chain one to the unit.
 *
 * @example
 * applyBps({ amount: 40_000_000n, currency: "USDC" }, 10, "floor") // { amount: 40_000n, currency: "USDC" } (0.1 %)
 * applyBps({ amount: 1_999n, currency: "USDC" }, 10, "floor")      // { amount: 1n, … }
 * applyBps({ amount: 1_999n, currency: "USDC" }, 10, "ceil")       // { amount: 2n, … }
 */
export function applyBps(money: Money, bps: number, rounding: Rounding): Money {
  assertBps(bps);
  return { amount: roundDiv(money.amount * BigInt(bps), bpsDenominator, rounding), currency: money.currency };
}

/**
 * Throws {@link InvalidBpsError} unless `bps` is a whole number from 0 to 10 000.
 *
 * @example
 * assertBps(10)  // ok
 * assertBps(-1)  // throws InvalidBpsError
 */
export function assertBps(bps: number, label = "bps"): void {
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) throw new InvalidBpsError({ bps, label });
}
