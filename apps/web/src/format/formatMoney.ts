import type { Money } from "../api/types.ts";
import { intlLocale, toLanguage } from "../i18n/languages.ts";

const stablecoins = new Set(["USDC", "USDT"]);

/**
 * An amount for people, in their language: a fiat fee with its currency's sign and digits
 * (`£16.00`, `16,00 £`, `£16.00` in zh-CN), a stablecoin with up to its 6 decimals and its symbol
 * (`20.342355 USDC`). Exact: Intl formats the API's decimal string, never a float.
 *
 * @example
 * formatMoney({ amount: "1600", currency: "GBP", formatted: "16.00" }, "es") // "16,00 GBP"
 */
export function formatMoney(money: Money, language: string): string {
  const locale = intlLocale[toLanguage(language)];
  const value = money.formatted as Intl.StringNumericLiteral;
  if (stablecoins.has(money.currency)) {
    const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(value);
    return `${number} ${money.currency}`;
  }
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: money.currency,
    currencyDisplay: "symbol",
  }).format(value);
}

/** A date (`YYYY-MM-DD` or an ISO time) as a calendar date in the language's style. */
export function formatDate(value: string | Date, language: string): string {
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : value;
  return new Intl.DateTimeFormat(intlLocale[toLanguage(language)], { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(date),
  );
}

/** A moment, with the time, in the reader's own time zone. */
export function formatDateTime(value: string | Date, language: string): string {
  return new Intl.DateTimeFormat(intlLocale[toLanguage(language)], { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(value),
  );
}
