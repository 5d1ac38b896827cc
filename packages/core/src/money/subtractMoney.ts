import { CurrencyMismatchError } from "../errors/money.ts";
import type { Money } from "./Money.ts";

/**
 * `a − b` in the same currency; the result may be negative (a difference, not a price).
 *
 * @example
 * subtractMoney({ amount: 1600n, currency: "GBP" }, { amount: 1700n, currency: "GBP" }) // { amount: -100n, currency: "GBP" }
 * subtractMoney({ amount: 1n, currency: "GBP" }, { amount: 1n, currency: "EUR" })       // throws CurrencyMismatchError
 */
export function subtractMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new CurrencyMismatchError({ expected: a.currency, received: b.currency });
  return { amount: a.amount - b.amount, currency: a.currency };
}
