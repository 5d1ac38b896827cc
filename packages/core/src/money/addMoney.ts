import { CurrencyMismatchError } from "../errors/money.ts";
import type { Money } from "./Money.ts";

/**
 * `a + b` in the same currency.
 *
 * @example
 * addMoney({ amount: 1600n, currency: "GBP" }, { amount: 2n, currency: "GBP" }) // { amount: 1602n, currency: "GBP" }
 * addMoney({ amount: 1n, currency: "GBP" }, { amount: 1n, currency: "USD" })    // throws CurrencyMismatchError
 */
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new CurrencyMismatchError({ expected: a.currency, received: b.currency });
  return { amount: a.amount + b.amount, currency: a.currency };
}
