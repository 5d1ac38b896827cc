import { UnknownCurrencyError } from "../errors/money.ts";

/** A currency or token Entrada can hold amounts in. */
export type Currency = {
  /** ISO 4217 code for fiat, the token's symbol for stablecoins. */
  readonly code: string;
  /** Digits after the decimal point of one major unit: 2 for GBP (pence), 0 for JPY, 6 for USDC. */
  readonly exponent: number;
  /** Fiat currencies price visa fees; tokens are what the escrow holds. */
  readonly kind: "fiat" | "token";
  readonly name: string;
};

/**
 * The registry of currencies and tokens: ISO 4217 exponents (minor units) for fiat, ERC-20
 * `decimals` for tokens. One table for both, so every amount anywhere is `bigint` minor units of
 * one of these codes.
 *
 * Exponents are ISO 4217's, not what a payment card network rounds to (ISO gives KWD 3, JPY 0).
 *
 * @example
 * currencies.GBP.exponent  // 2
 * currencies.USDC.exponent // 6
 */
export const currencies = {
  USD: { code: "USD", exponent: 2, kind: "fiat", name: "US dollar" },
  EUR: { code: "EUR", exponent: 2, kind: "fiat", name: "Euro" },
  GBP: { code: "GBP", exponent: 2, kind: "fiat", name: "Pound sterling" },
  THB: { code: "THB", exponent: 2, kind: "fiat", name: "Thai baht" },
  INR: { code: "INR", exponent: 2, kind: "fiat", name: "Indian rupee" },
  TRY: { code: "TRY", exponent: 2, kind: "fiat", name: "Turkish lira" },
  KES: { code: "KES", exponent: 2, kind: "fiat", name: "Kenyan shilling" },
  AUD: { code: "AUD", exponent: 2, kind: "fiat", name: "Australian dollar" },
  JPY: { code: "JPY", exponent: 0, kind: "fiat", name: "Japanese yen" },
  KWD: { code: "KWD", exponent: 3, kind: "fiat", name: "Kuwaiti dinar" },
  CNY: { code: "CNY", exponent: 2, kind: "fiat", name: "Chinese yuan renminbi" },
  MXN: { code: "MXN", exponent: 2, kind: "fiat", name: "Mexican peso" },
  BRL: { code: "BRL", exponent: 2, kind: "fiat", name: "Brazilian real" },
  CAD: { code: "CAD", exponent: 2, kind: "fiat", name: "Canadian dollar" },
  CHF: { code: "CHF", exponent: 2, kind: "fiat", name: "Swiss franc" },
  SGD: { code: "SGD", exponent: 2, kind: "fiat", name: "Singapore dollar" },
  AED: { code: "AED", exponent: 2, kind: "fiat", name: "UAE dirham" },
  USDC: { code: "USDC", exponent: 6, kind: "token", name: "USD Coin" },
  USDT: { code: "USDT", exponent: 6, kind: "token", name: "Tether USD" },
} as const satisfies Record<string, Currency>;

/** A code in {@link currencies}. */
export type CurrencyCode = keyof typeof currencies;

/** The stablecoins fees can be paid in. */
export type TokenSymbol = {
  [K in CurrencyCode]: (typeof currencies)[K]["kind"] extends "token" ? K : never;
}[CurrencyCode];

/**
 * The tokens of {@link currencies}, in registry order.
 *
 * @example
 * tokenSymbols // ["USDC", "USDT"]
 */
export const tokenSymbols: readonly TokenSymbol[] = Object.values(currencies)
  .filter((currency) => currency.kind === "token")
  .map((currency) => currency.code as TokenSymbol);

/**
 * Looks a currency up by code; throws for anything not in the registry, so an unknown code can
 * never be treated as having some default exponent.
 *
 * @example
 * getCurrency("KWD").exponent // 3
 * getCurrency("XYZ")          // throws UnknownCurrencyError (ENTRADA_CURRENCY_UNKNOWN)
 */
export function getCurrency(code: string): Currency {
  // Own properties only: "toString" or "__proto__" must not pass as currencies.
  if (!Object.hasOwn(currencies, code)) throw new UnknownCurrencyError({ currency: code });
  return currencies[code as CurrencyCode];
}

/**
 * Whether a code is a supported stablecoin.
 *
 * @example
 * isTokenSymbol("USDC") // true
 * isTokenSymbol("USD")  // false
 */
export function isTokenSymbol(code: string): code is TokenSymbol {
  return (tokenSymbols as readonly string[]).includes(code);
}
