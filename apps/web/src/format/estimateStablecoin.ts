import type { Money, StablecoinSymbol } from "../api/types.ts";

/**
 * Approximate US dollars per unit of each fee currency, 8 decimals like the price feeds. Only for the
 * catalogue's "about this much" before a quote: the quote itself prices from the live feeds, and the
 * page says the estimate is one. A currency missing here gets no estimate rather than a wrong one.
 */
const approximateUsdPerUnit: Readonly<Record<string, bigint>> = {
  USD: 100_000_000n,
  EUR: 108_000_000n,
  GBP: 127_000_000n,
  THB: 2_900_000n,
  INR: 1_130_000n,
  TRY: 2_400_000n,
  KES: 770_000n,
  AUD: 65_000_000n,
  CAD: 73_000_000n,
  CHF: 113_000_000n,
  CNY: 13_800_000n,
  JPY: 670_000n,
  MXN: 5_400_000n,
  BRL: 18_000_000n,
  SGD: 74_000_000n,
  AED: 27_200_000n,
  KWD: 326_000_000n,
};

/** Parameters of {@link estimateStablecoin}. */
export type EstimateStablecoinParameters = {
  fee: Money;
  token: StablecoinSymbol;
  /** Entrada's fee on top, in basis points (10 = 0.1 %). */
  platformFeeBps: number;
};

/**
 * About what a fee costs in a stablecoin, the platform fee included, rounded up to the cent; `null`
 * when the currency has no reference rate. The exact amount comes with the quote.
 *
 * @example
 * estimateStablecoin({ fee: { amount: "1600", currency: "GBP", formatted: "16.00" }, token: "USDC", platformFeeBps: 10 })
 * // { amount: "20350000", currency: "USDC", formatted: "20.35" }
 */
export function estimateStablecoin({ fee, token, platformFeeBps }: EstimateStablecoinParameters): Money | null {
  const rate = approximateUsdPerUnit[fee.currency];
  if (rate === undefined || !/^\d+$/.test(fee.amount)) return null;
  const exponent = fee.formatted.includes(".") ? fee.formatted.split(".")[1]!.length : 0;
  const scale = 10n ** BigInt(exponent);
  // Token minor units (6 decimals) of the fee, then the platform fee, rounded up to 10_000 (a cent).
  const base = (BigInt(fee.amount) * rate * 1_000_000n) / (scale * 100_000_000n);
  const withFee = base + (base * BigInt(platformFeeBps) + 9_999n) / 10_000n;
  const cents = (withFee + 9_999n) / 10_000n;
  const amount = cents * 10_000n;
  const formatted = `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
  return { amount: amount.toString(), currency: token, formatted };
}
