/**
 * A currency pair as feeds name it, base first: `"GBP/USD"` is the price of one GBP in USD. (The
 * chain's dev feeds describe themselves as "GBP / USD"; the chain package maps that spelling.)
 */
export type PricePair = `${string}/${string}`;

/** One price as a Chainlink `latestRoundData` gives it, plus where it came from. */
export type PriceAnswer = {
  /** The price scaled by `10^decimals`: 127_000_000n with 8 decimals is 1.27. */
  readonly answer: bigint;
  readonly decimals: number;
  /** Unix seconds of the round's last update; staleness is measured from here. */
  readonly updatedAt: number;
  /** What gave the answer, for the quote's audit trail: a feed address, an API name. */
  readonly source: string;
};

/**
 * Somewhere prices come from: Chainlink feeds on a chain, another oracle, a fixed table in tests.
 * The quote service asks its sources in order and takes the first fresh answer.
 *
 * @example
 * const feeds: PriceSource = {
 *   name: "chainlink-base",
 *   async latest(pair) {
 *     const feed = addresses[pair];
 *     if (feed === undefined) return undefined;
 *     const [, answer, , updatedAt] = await client.readContract({ address: feed, abi, functionName: "latestRoundData" });
 *     return { answer, decimals: 8, updatedAt: Number(updatedAt), source: feed };
 *   },
 * };
 */
export type PriceSource = {
  /** Names the source in errors and logs. */
  readonly name: string;
  /** The latest price of the pair, or `undefined` when the source has no such pair. May throw. */
  latest(pair: PricePair): Promise<PriceAnswer | undefined>;
};
