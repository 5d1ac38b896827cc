import { DivisionByZeroError } from "../errors/money.ts";

/**
 * How a division that does not come out even is rounded. Every money division names one, because
 * who gets the fraction is a business decision: `ceil` when the payer must never be under-charged,
 * `floor` when a fee is rounded in the payer's favour, `half-even` for neutral display conversions.
 */
export type Rounding = "floor" | "ceil" | "half-even";

/**
 * `numerator / denominator` rounded as asked, exactly, on bigints. Floor and ceil are towards −∞
 * and +∞ (not towards zero, as bigint `/` is), so signs never change the direction of rounding.
 *
 * @example
 * roundDiv(7n, 2n, "floor")     // 3n
 * roundDiv(7n, 2n, "ceil")      // 4n
 * roundDiv(5n, 2n, "half-even") // 2n
 * roundDiv(-7n, 2n, "floor")    // -4n
 */
export function roundDiv(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new DivisionByZeroError({ numerator });
  if (denominator < 0n) return roundDiv(-numerator, -denominator, rounding);
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  // bigint division truncates towards zero; `floor` is one lower when the result is negative.
  const floor = remainder < 0n ? quotient - 1n : quotient;
  switch (rounding) {
    case "floor":
      return floor;
    case "ceil":
      return floor + 1n;
    case "half-even": {
      // Distance from floor, as a fraction of the denominator, compared with one half.
      const twice = 2n * (numerator - floor * denominator);
      if (twice < denominator) return floor;
      if (twice > denominator) return floor + 1n;
      return floor % 2n === 0n ? floor : floor + 1n;
    }
  }
}
