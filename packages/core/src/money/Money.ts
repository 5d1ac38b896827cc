import { getCurrency } from "./currencies.ts";

/**
 * An amount of money: an exact integer of minor units (pence, cents, USDC's 10⁻⁶) with its currency
 * beside it. Never a float, never a `number`: 0.1 + 0.2 must not reach a ledger.
 *
 * @example
 * const ukEta: Money = { amount: 1600n, currency: "GBP" } // GBP 16.00
 */
export type Money = {
  /** Minor units; negative only for differences, never for a price. */
  readonly amount: bigint;
  /** A code in the currency registry (ISO 4217 or a token symbol). */
  readonly currency: string;
};

/**
 * Builds a {@link Money} after checking the currency is known, so a typo fails where it is made.
 *
 * @example
 * money(1600n, "GBP")  // { amount: 1600n, currency: "GBP" }
 * money(1600n, "GPB")  // throws UnknownCurrencyError
 */
export function money(amount: bigint, currency: string): Money {
  getCurrency(currency);
  return { amount, currency };
}
