import { getCurrency } from "./currencies.ts";
import type { Money } from "./Money.ts";
import { createRate, type Rate } from "./Rate.ts";
import { type Rounding, roundDiv } from "./roundDiv.ts";

/** Parameters of {@link convertMoney}. */
export type ConvertMoneyParameters = {
  /** Currency or token to convert into. */
  to: string;
  /** Major units of `to` per major unit of the money's currency. */
  rate: Rate;
  /**
   * Named by the caller, never defaulted: `ceil` when converting what a payer owes (a fee must
   * never be under-charged by rounding), `floor` when converting what Entrada pays out.
   */
  rounding: Rounding;
};

/**
 * Converts an amount at an exact rational rate, in minor units, rounding once.
 *
 * `to = from × rate × 10^exp(to) / 10^exp(from)`: the exponents of both currencies are part of the
 * one fraction, so converting GBP pence into USDC's 10⁻⁶ units is a single exact division. The
 * result is within one minor unit of the exact value, on the side the rounding names.
 *
 * @example
 * // GBP 16.00 at 1 GBP = 1.27 USD → USD 20.32
 * convertMoney({ amount: 1600n, currency: "GBP" }, { to: "USD", rate: { numerator: 127n, denominator: 100n }, rounding: "ceil" })
 * // { amount: 2032n, currency: "USD" }
 */
export function convertMoney(money: Money, { to, rate, rounding }: ConvertMoneyParameters): Money {
  const { numerator, denominator } = createRate(rate.numerator, rate.denominator);
  const fromExponent = BigInt(getCurrency(money.currency).exponent);
  const toExponent = BigInt(getCurrency(to).exponent);
  const amount = roundDiv(money.amount * numerator * 10n ** toExponent, denominator * 10n ** fromExponent, rounding);
  return { amount, currency: to };
}
