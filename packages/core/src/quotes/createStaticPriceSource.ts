import type { PriceAnswer, PricePair, PriceSource } from "./PriceSource.ts";

/** Parameters of {@link createStaticPriceSource}. */
export type CreateStaticPriceSourceParameters = {
  name: string;
  /** Prices by pair; `source` defaults to the source's name. */
  prices?: Readonly<Partial<Record<PricePair, Omit<PriceAnswer, "source"> & { source?: string }>>>;
};

/** A {@link PriceSource} whose prices are set by hand. */
export type StaticPriceSource = PriceSource & {
  /** Sets or replaces one pair's price, to rehearse a rate move or a feed going stale. */
  set(pair: PricePair, price: Omit<PriceAnswer, "source"> & { source?: string }): void;
  /** Removes a pair, as if the source had no feed for it. */
  remove(pair: PricePair): void;
};

/**
 * A price source from a table: the dev server's fallback when no chain runs, and the honest test
 * double for the quote service (it behaves like any source; no mocks of internals needed).
 *
 * @example
 * const source = createStaticPriceSource({
 *   name: "fixed",
 *   prices: { "GBP/USD": { answer: 127_000_000n, decimals: 8, updatedAt: 1_767_225_600 } },
 * });
 * await source.latest("GBP/USD") // { answer: 127000000n, decimals: 8, updatedAt: 1767225600, source: "fixed" }
 */
export function createStaticPriceSource(parameters: CreateStaticPriceSourceParameters): StaticPriceSource {
  const prices = new Map<PricePair, PriceAnswer>();
  const set: StaticPriceSource["set"] = (pair, price) => {
    prices.set(pair, { ...price, source: price.source ?? parameters.name });
  };
  for (const [pair, price] of Object.entries(parameters.prices ?? {})) {
    if (price !== undefined) set(pair as PricePair, price);
  }
  return {
    name: parameters.name,
    async latest(pair) {
      return prices.get(pair);
    },
    set,
    remove(pair) {
      prices.delete(pair);
    },
  };
}
