import { formatMoney, type Money } from "@entrada/core";
import { z } from "zod";

/** An amount as the API sends it: minor units as a decimal string (JSON has no bigint), and formatted. */
export const moneyViewSchema = z.object({
  /** Minor units: "1600" is GBP 16.00. */
  amount: z.string().regex(/^-?\d+$/),
  currency: z.string(),
  /** The amount in major units with the currency's decimals: "16.00". */
  formatted: z.string(),
});

/** The JSON of {@link moneyViewSchema}. */
export type MoneyView = z.infer<typeof moneyViewSchema>;

/**
 * An amount for the API.
 *
 * @example
 * toMoneyView({ amount: 1600n, currency: "GBP" }) // { amount: "1600", currency: "GBP", formatted: "16.00" }
 */
export function toMoneyView(money: Money): MoneyView {
  return { amount: money.amount.toString(), currency: money.currency, formatted: formatMoney(money) };
}
