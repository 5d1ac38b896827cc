import type { Money } from "../../api/types.ts";

/**
 * An amount in minor units (a decimal string, as the API sends it) as {@link Money}, exactly: the
 * major-unit `formatted` is cut from the digits, never computed with floats.
 *
 * @example
 * minorUnitsToMoney("20342355", "USDC", 6) // { amount: "20342355", currency: "USDC", formatted: "20.342355" }
 * minorUnitsToMoney("5", "USDT", 6)        // { …, formatted: "0.000005" }
 */
export function minorUnitsToMoney(amount: string, currency: string, decimals: number): Money {
  if (!/^-?\d+$/.test(amount)) throw new Error(`not an amount in minor units: ${amount}`);
  const negative = amount.startsWith("-");
  const digits = BigInt(negative ? amount.slice(1) : amount).toString();
  if (decimals === 0) return { amount, currency, formatted: `${negative ? "-" : ""}${digits}` };
  const padded = digits.padStart(decimals + 1, "0");
  const formatted = `${negative ? "-" : ""}${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
  return { amount, currency, formatted };
}
