import { InvalidRateError } from "../errors/money.ts";

/**
 * An exchange rate as an exact positive fraction: one major unit of the base currency is worth
 * `numerator / denominator` major units of the quote currency. Never a float, so chaining rates
 * (GBP → USD → USDC) loses nothing until the one rounding at the end.
 *
 * @example
 * const gbpUsd: Rate = { numerator: 127_000_000n, denominator: 100_000_000n } // 1 GBP = 1.27 USD
 */
export type Rate = {
  readonly numerator: bigint;
  readonly denominator: bigint;
};

/**
 * Builds a {@link Rate}, rejecting zero or negative terms (a feed answering 0 must never make a fee
 * free).
 *
 * @example
 * createRate(127n, 100n) // { numerator: 127n, denominator: 100n }
 * createRate(0n, 1n)     // throws InvalidRateError
 */
export function createRate(numerator: bigint, denominator: bigint): Rate {
  if (numerator <= 0n || denominator <= 0n) throw new InvalidRateError({ numerator, denominator });
  return { numerator, denominator };
}

/**
 * The rate of a Chainlink-style answer: `answer / 10^decimals`.
 *
 * @example
 * rateFromAnswer({ answer: 127_000_000n, decimals: 8 }) // 1.27: { numerator: 127000000n, denominator: 100000000n }
 */
export function rateFromAnswer({ answer, decimals }: { answer: bigint; decimals: number }): Rate {
  // Feeds declare decimals as uint8.
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255) throw new InvalidRateError({ answer, decimals });
  return createRate(answer, 10n ** BigInt(decimals));
}

/**
 * The reverse rate: from "1 USDC = 0.9999 USD" to "1 USD = 1/0.9999 USDC".
 *
 * @example
 * invertRate({ numerator: 9_999n, denominator: 10_000n }) // { numerator: 10000n, denominator: 9999n }
 */
export function invertRate(rate: Rate): Rate {
  return createRate(rate.denominator, rate.numerator);
}

/**
 * Chains two rates (A→B then B→C gives A→C) exactly; no rounding happens here.
 *
 * @example
 * multiplyRates(gbpUsd, invertRate(usdcUsd)) // GBP → USDC
 */
export function multiplyRates(first: Rate, second: Rate): Rate {
  return createRate(first.numerator * second.numerator, first.denominator * second.denominator);
}
