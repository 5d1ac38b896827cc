import type { PriceAnswer, PricePair, PriceSource } from "@entrada/core";
import { type Address, type Chain, getAddress, type PublicClient, type Transport } from "viem";
import { InvalidFeedConfigError } from "../errors.ts";
import { aggregatorV3Abi } from "./aggregatorV3Abi.ts";
import { toPricePair } from "./toPricePair.ts";

/** Parameters of {@link createFeedPriceSource}. */
export type CreateFeedPriceSourceParameters = {
  client: PublicClient<Transport, Chain>;
  /**
   * Feed address per pair, spelled `"GBP/USD"` or as feeds describe themselves (`"GBP / USD"`, the
   * keys of a deployment's `feeds`).
   */
  feeds: Readonly<Record<string, Address>>;
  /** Names the source in quote errors and logs, e.g. `"chainlink-base"`. */
  name: string;
};

/**
 * A core `PriceSource` over Chainlink-style feeds (`AggregatorV3Interface`): `latestRoundData` for the
 * answer and its update time, `decimals` once per feed. Chainlink's feeds in production, the
 * `DevPriceFeed`s of the deployment on a development chain.
 *
 * It reports what the feed says; judging it (stale, non-positive, from the future) is core's
 * `readFreshPrice`, which then falls back to the next source. Each answer's `source` is the feed's
 * address, for the quote's audit trail. A pair without a feed answers `undefined`; a failing read
 * throws (the quote service records it as a failed attempt).
 *
 * @example
 * const chainlink = createFeedPriceSource({ client, feeds: deployment.feeds, name: "chainlink" });
 * const quotes = createQuoteService({ sources: [chainlink, backup], maxStalenessSeconds: 90_000, decisionWindow });
 * await chainlink.latest("GBP/USD") // { answer: 127000000n, decimals: 8, updatedAt: 1767225600, source: "0x…" }
 */
export function createFeedPriceSource({ client, feeds, name }: CreateFeedPriceSourceParameters): PriceSource {
  const byPair = new Map<PricePair, Address>();
  for (const [pairName, address] of Object.entries(feeds)) {
    const pair = toPricePair(pairName);
    if (byPair.has(pair)) throw new InvalidFeedConfigError({ pair: pairName, reason: `a second feed for ${pair}` });
    byPair.set(pair, getAddress(address));
  }
  // A feed's decimals never change: read once, unless the read failed.
  const decimals = new Map<Address, Promise<number>>();
  function decimalsOf(feed: Address): Promise<number> {
    let read = decimals.get(feed);
    if (read === undefined) {
      read = client.readContract({ address: feed, abi: aggregatorV3Abi, functionName: "decimals" });
      read.catch(() => decimals.delete(feed));
      decimals.set(feed, read);
    }
    return read;
  }

  return {
    name,
    async latest(pair: PricePair): Promise<PriceAnswer | undefined> {
      const feed = byPair.get(pair);
      if (feed === undefined) return undefined;
      const [[, answer, , updatedAt], feedDecimals] = await Promise.all([
        client.readContract({ address: feed, abi: aggregatorV3Abi, functionName: "latestRoundData" }),
        decimalsOf(feed),
      ]);
      // An updatedAt beyond 2^53 is not a time; core refuses the unsafe integer as invalid.
      return { answer, decimals: feedDecimals, updatedAt: Number(updatedAt), source: feed };
    },
  };
}
