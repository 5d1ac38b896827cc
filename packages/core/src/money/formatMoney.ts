import { getCurrency } from "./currencies.ts";
import type { Money } from "./Money.ts";

/** Options of {@link formatMoney}. */
export type FormatMoneyOptions = {
  /** Append the currency code ("16.00 GBP"). Default false. */
  withCurrency?: boolean;
};

/**
 * Formats an amount as a plain decimal with exactly the currency's decimals: the inverse of
 * {@link parseMoney}, for APIs, logs and e-mails. No grouping or symbols; the web app formats
 * for people with `Intl.NumberFormat` in their locale.
 *
 * @example
 * formatMoney({ amount: 1600n, currency: "GBP" })                         // "16.00"
 * formatMoney({ amount: 40_020_000n, currency: "USDC" }, { withCurrency: true }) // "40.020000 USDC"
 * formatMoney({ amount: -5n, currency: "KWD" })                           // "-0.005"
 * formatMoney({ amount: 3000n, currency: "JPY" })                         // "3000"
 */
export function formatMoney(money: Money, options: FormatMoneyOptions = {}): string {
  const { exponent } = getCurrency(money.currency);
  const negative = money.amount < 0n;
  const digits = (negative ? -money.amount : money.amount).toString().padStart(exponent + 1, "0");
  const integer = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  const number = `${negative ? "-" : ""}${integer}${exponent > 0 ? `.${fraction}` : ""}`;
  return options.withCurrency === true ? `${number} ${money.currency}` : number;
}
