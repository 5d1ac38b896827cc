import type { Money } from "../api/types.ts";
import { intlLocale, toLanguage } from "../i18n/languages.ts";

const stablecoins = new Set(["USDC", "USDT"]);

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/**
 * One `Intl` formatter per kind, locale and options, made once: constructing one costs far more than
 * formatting with it (the home page's catalogue formats two amounts per product, on a phone while the
 * page starts; the officer's queue a date and an amount per row).
 */
function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cachedFormat(`number ${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}

/** {@link numberFormat}'s cache for dates and times. */
function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cachedFormat(`date ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

function cachedFormat<Format extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => Format): Format {
  let format = formats.get(key) as Format | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

/** How many digits {@link formatMoney} shows: `display` to the cent, `exact` every digit the amount has. */
export type MoneyPrecision = "display" | "exact";

/** Options of {@link formatMoney}. */
export type FormatMoneyOptions = {
  /**
   * `display` (the default): a stablecoin to the cent like any currency (`20.32 USDC`), for reading;
   * `exact`: every one of its 6 decimals (`20.322033 USDC`), for the details and a hover's title.
   * A fiat fee has its currency's own digits either way.
   */
  precision?: MoneyPrecision;
};

/** The BCP 47 tag Intl wants for one of the app's languages (any string narrows to one). */
export function localeOf(language: string): string {
  return intlLocale[toLanguage(language)];
}

/**
 * An amount for people, in their language: a fiat fee with its currency's sign and digits
 * (`£16.00`, `16,00 GBP`), a stablecoin to the cent with its symbol (`20.34 USDC`, `20,34 USDC`),
 * or with all its decimals when asked for the exact amount. Intl formats the API's decimal string,
 * never a float, so no digit is lost to rounding through a double.
 *
 * @example
 * formatMoney({ amount: "1600", currency: "GBP", formatted: "16.00" }, "es") // "16,00 GBP"
 * formatMoney({ amount: "20342355", currency: "USDC", formatted: "20.342355" }, "es") // "20,34 USDC"
 * formatMoney({ amount: "20342355", currency: "USDC", formatted: "20.342355" }, "es", { precision: "exact" }) // "20,342355 USDC"
 */
export function formatMoney(
  money: Money,
  language: string,
  { precision = "display" }: FormatMoneyOptions = {},
): string {
  const locale = localeOf(language);
  const value = money.formatted as Intl.StringNumericLiteral;
  if (stablecoins.has(money.currency)) {
    const number = numberFormat(locale, {
      minimumFractionDigits: 2,
      maximumFractionDigits: precision === "exact" ? 6 : 2,
    }).format(value);
    return `${number} ${money.currency}`;
  }
  return numberFormat(locale, {
    style: "currency",
    currency: money.currency,
    currencyDisplay: "symbol",
  }).format(value);
}

/**
 * Whether showing `money` to the cent hides digits: then the page gives the exact amount on hover
 * (a `title`) and in the details.
 *
 * @example
 * isRounded({ amount: "20342355", currency: "USDC", formatted: "20.342355" }) // true
 */
export function isRounded(money: Money): boolean {
  return formatMoney(money, "en") !== formatMoney(money, "en", { precision: "exact" });
}

/**
 * A decimal string (a price feed's answer, a rate) in the language's digits, exactly as written up to
 * `maximumFractionDigits`.
 *
 * @example
 * formatDecimal("1.27", "es") // "1,27"
 */
export function formatDecimal(value: string, language: string, { maximumFractionDigits = 8 } = {}): string {
  return numberFormat(localeOf(language), { maximumFractionDigits }).format(value as Intl.StringNumericLiteral);
}

/**
 * A count or other whole number in the language's style (`1,000`, `1000`, `10.000`).
 *
 * @example
 * formatNumber(12_500, "es") // "12.500"
 */
export function formatNumber(value: number | bigint, language: string): string {
  return numberFormat(localeOf(language)).format(value);
}

/**
 * Basis points as a percentage (`10` → `0.1%`, `0,1 %`).
 *
 * @example
 * formatPercentBps(10, "es") // "0,1 %"
 */
export function formatPercentBps(bps: number, language: string): string {
  return numberFormat(localeOf(language), { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000);
}

/**
 * Seconds as a clock counting down (`14:05`), each part through Intl so that the digits are the
 * language's; an hour or more shows the hours too (`1:02:03`).
 *
 * @example
 * formatCountdown(845, "zh") // "14:05"
 */
export function formatCountdown(seconds: number, language: string): string {
  const whole = Math.max(0, Math.floor(seconds));
  const plain = numberFormat(localeOf(language), { useGrouping: false });
  const two = numberFormat(localeOf(language), { minimumIntegerDigits: 2, useGrouping: false });
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return hours > 0
    ? `${plain.format(hours)}:${two.format(minutes)}:${two.format(rest)}`
    : `${plain.format(minutes)}:${two.format(rest)}`;
}

/** A date (`YYYY-MM-DD` or an ISO time) as a calendar date in the language's style. */
export function formatDate(value: string | Date, language: string): string {
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : value;
  return dateTimeFormat(localeOf(language), { dateStyle: "medium", timeZone: "UTC" }).format(new Date(date));
}

/** A moment, with the time, in the reader's own time zone. */
export function formatDateTime(value: string | Date, language: string): string {
  return dateTimeFormat(localeOf(language), { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}
