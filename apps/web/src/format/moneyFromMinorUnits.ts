import type { Money } from "../api/types.ts";

/**
 * An amount in minor units (wei, a token's smallest unit, cents) as {@link Money}, exactly: the
 * major-unit `formatted` is cut from the digits, never computed with floats.
 *
 * @example
 * moneyFromMinorUnits(1_000_000_000n, "USDC", 6) // { amount: "1000000000", currency: "USDC", formatted: "1000.000000" }
 */
export function moneyFromMinorUnits(amount: bigint | string, currency: string, decimals: number): Money {
  const value = BigInt(amount);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const sign = negative ? "-" : "";
  if (decimals === 0) return { amount: value.toString(), currency, formatted: `${sign}${digits}` };
  const padded = digits.padStart(decimals + 1, "0");
  return {
    amount: value.toString(),
    currency,
    formatted: `${sign}${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`,
  };
}
