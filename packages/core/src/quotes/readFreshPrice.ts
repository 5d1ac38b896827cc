import { MissingRateError, StaleRateError } from "../errors/quote.ts";
import type { PriceAnswer, PricePair, PriceSource } from "./PriceSource.ts";

/** Why a source's answer was not used. */
export type PriceAttemptOutcome =
  /** Answered, but `updatedAt` is older than allowed. */
  | "stale"
  /** Has no price for the pair. */
  | "missing"
  /** Answered nonsense: a non-positive price, impossible decimals, or a time in the future. */
  | "invalid"
  /** Threw (network, RPC, revert). */
  | "failed";

/** One source that was asked and not used; errors carry the list so operators see why. */
export type PriceAttempt = {
  readonly source: string;
  readonly outcome: PriceAttemptOutcome;
  readonly updatedAt?: number;
};

/** Parameters of {@link readFreshPrice}. */
export type ReadFreshPriceParameters = {
  pair: PricePair;
  /** Asked in order; the first fresh answer wins. */
  sources: readonly PriceSource[];
  /** Unix seconds. */
  now: number;
  maxStalenessSeconds: number;
};

/** A fresh price with the pair it is for. */
export type FreshPrice = PriceAnswer & { readonly pair: PricePair };

/**
 * A feed's clock may run slightly ahead of ours; an update further ahead than this is not a price
 * from the present and is refused.
 */
const maxClockSkewSeconds = 60;

/**
 * The first fresh price of the pair among the sources, in order: the primary feed, then each
 * fallback. A price older than `maxStalenessSeconds` is never used, however many sources are tried.
 *
 * @example
 * await readFreshPrice({ pair: "GBP/USD", sources: [chainlink, backup], now, maxStalenessSeconds: 90_000 })
 * // { pair: "GBP/USD", answer: 127000000n, decimals: 8, updatedAt: …, source: "0x…" }
 * // or throws StaleRateError / MissingRateError naming the pair and every attempt
 */
export async function readFreshPrice({
  pair,
  sources,
  now,
  maxStalenessSeconds,
}: ReadFreshPriceParameters): Promise<FreshPrice> {
  const attempts: PriceAttempt[] = [];
  let lastFailure: unknown;
  for (const source of sources) {
    let price: PriceAnswer | undefined;
    try {
      price = await source.latest(pair);
    } catch (error) {
      lastFailure = error;
      attempts.push({ source: source.name, outcome: "failed" });
      continue;
    }
    if (price === undefined) {
      attempts.push({ source: source.name, outcome: "missing" });
    } else if (!isWellFormed(price) || price.updatedAt > now + maxClockSkewSeconds) {
      attempts.push({ source: source.name, outcome: "invalid" });
    } else if (now - price.updatedAt > maxStalenessSeconds) {
      attempts.push({ source: source.name, outcome: "stale", updatedAt: price.updatedAt });
    } else {
      return { ...price, pair };
    }
  }
  if (attempts.some((attempt) => attempt.outcome === "stale")) {
    throw new StaleRateError({ pair, maxStalenessSeconds, attempts });
  }
  throw new MissingRateError({ pair, attempts, cause: lastFailure });
}

/** Sources are code we do not control (an RPC answer, a third-party API): check the shape. */
function isWellFormed(price: PriceAnswer): boolean {
  return (
    typeof price.answer === "bigint" &&
    price.answer > 0n &&
    Number.isInteger(price.decimals) &&
    price.decimals >= 0 &&
    price.decimals <= 255 &&
    Number.isSafeInteger(price.updatedAt) &&
    price.updatedAt > 0
  );
}
