import { formatMoney, getCurrency, type Money } from "@entrada/core";
import type { Locale } from "@entrada/db";

/** The BCP 47 language tag Entrada formats numbers and dates with, per interface language. */
export const localeTags: Readonly<Record<Locale, string>> = { en: "en-US", zh: "zh-CN", es: "es-ES" };

/**
 * Formats an amount for people in their language with `Intl.NumberFormat`: fiat with the locale's
 * currency style (`US$40.00` in zh, `40,00 US$` in es), stablecoins as a number with at least two and
 * at most the token's decimals followed by the symbol (`40.02 USDC`, `40,02 USDC`). Exact for any
 * bigint: the number is handed to `Intl` as a decimal string, never as a float.
 *
 * @example
 * formatAmount({ amount: 4000n, currency: "USD" }, "en");      // "$40.00"
 * formatAmount({ amount: 40_020_000n, currency: "USDC" }, "es"); // "40,02 USDC"
 */
export function formatAmount(money: Money, locale: Locale): string {
  const { exponent, kind, code } = getCurrency(money.currency);
  // A decimal string such as "40.020000": Intl.NumberFormat formats strings exactly (ES2023).
  const decimal = formatMoney(money) as Intl.StringNumericLiteral;
  if (kind === "fiat") {
    return new Intl.NumberFormat(localeTags[locale], {
      style: "currency",
      currency: code,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(decimal);
  }
  const number = new Intl.NumberFormat(localeTags[locale], {
    minimumFractionDigits: Math.min(2, exponent),
    maximumFractionDigits: exponent,
  }).format(decimal);
  return `${number} ${code}`;
}
