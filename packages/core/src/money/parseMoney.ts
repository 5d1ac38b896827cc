import {
  InvalidAmountError,
  NegativeAmountError,
  TooManyDecimalsError,
  type UnknownCurrencyError,
} from "../errors/money.ts";
import { getCurrency } from "./currencies.ts";
import type { Money } from "./Money.ts";

/** Options of {@link parseMoney}. */
export type ParseMoneyOptions = {
  /** Accept a leading "-". Default false: prices, fees and payments are never negative. */
  allowNegative?: boolean;
};

/** Errors {@link parseMoney} throws. */
export type ParseMoneyErrorType =
  | InvalidAmountError
  | TooManyDecimalsError
  | NegativeAmountError
  | UnknownCurrencyError;

// Digits, then optionally a dot followed by at least one digit. Deliberately strict: no "+", no
// spaces, no thousands separators, no exponent, no ".5" or "5." — an API amount has exactly one
// spelling, and locale formats belong to the web app.
const decimal = /^(-?)(\d+)(?:\.(\d+))?$/;

// 30 integer digits is far above any fee (the escrow caps amounts at 2^128 ≈ 3.4 × 10^38 minor
// units) and keeps a hostile megabyte of digits from becoming a megabyte bigint.
const maxIntegerDigits = 30;

/**
 * Parses a decimal string into exact minor units of the currency.
 *
 * Rejects more decimals than the currency has (it does not round: "16.001" GBP is an error, not
 * GBP 16.00) and trailing zeros beyond them ("16.000" GBP), so every amount has one spelling.
 *
 * @example
 * parseMoney("16.00", "GBP")   // { amount: 1600n, currency: "GBP" }
 * parseMoney("16", "GBP")      // { amount: 1600n, currency: "GBP" }
 * parseMoney("3000", "JPY")    // { amount: 3000n, currency: "JPY" }
 * parseMoney("1.5", "USDC")    // { amount: 1500000n, currency: "USDC" }
 * parseMoney("16.001", "GBP")  // throws TooManyDecimalsError
 * parseMoney("-1", "GBP")      // throws NegativeAmountError
 */
export function parseMoney(value: string, currency: string, options: ParseMoneyOptions = {}): Money {
  const { exponent } = getCurrency(currency);
  const match = decimal.exec(value);
  if (match === null) throw new InvalidAmountError({ value, currency });
  const [, sign = "", integer = "", fraction = ""] = match;
  if (integer.length > maxIntegerDigits) throw new InvalidAmountError({ value, currency });
  if (sign === "-" && options.allowNegative !== true) throw new NegativeAmountError({ value, currency });
  if (fraction.length > exponent) throw new TooManyDecimalsError({ value, currency, exponent });
  const minor = BigInt(integer + fraction.padEnd(exponent, "0"));
  return { amount: sign === "-" ? -minor : minor, currency };
}
