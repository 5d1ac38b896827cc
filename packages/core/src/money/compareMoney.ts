import { CurrencyMismatchError } from "../errors/money.ts";
import type { Money } from "./Money.ts";

/**
 * Orders two amounts of the same currency: −1 if `a < b`, 0 if equal, 1 if `a > b` (usable with
 * `Array.prototype.sort`). Comparing across currencies is an error, never a guess.
 *
 * @example
 * compareMoney({ amount: 1n, currency: "USD" }, { amount: 2n, currency: "USD" }) // -1
 * [b, a].sort(compareMoney)                                                      // ascending
 */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  if (a.currency !== b.currency) throw new CurrencyMismatchError({ expected: a.currency, received: b.currency });
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}
