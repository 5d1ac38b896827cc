import { DevPriceFeed } from "@entrada/contracts";
import { createEscrowFixture, type EscrowFixture } from "@entrada/contracts/testing";
import {
  createQuoteService,
  createStaticPriceSource,
  MissingRateError,
  type PriceSource,
  StaleRateError,
} from "@entrada/core";
import { type Address, ContractFunctionExecutionError, getAddress, type Hex } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InvalidFeedConfigError } from "../errors.ts";
import { createFeedPriceSource } from "./createFeedPriceSource.ts";

let f: EscrowFixture;
let snapshot: Hex;
let feeds: Record<string, Address>;

beforeAll(async () => {
  f = await createEscrowFixture();
  feeds = f.deployment.feeds;
});
beforeEach(async () => {
  snapshot = await f.chain.snapshot();
});
afterEach(() => f.chain.revert(snapshot));

const day = 86_400;

function feedSource(name = "chainlink"): PriceSource {
  return createFeedPriceSource({ client: f.chain.publicClient, feeds, name });
}

/** The quote service at the chain's current time, feeds allowed to be a day and an hour old. */
async function quoteService(sources: readonly PriceSource[]) {
  const now = Number(await f.now());
  return createQuoteService({
    sources,
    clock: () => new Date(now * 1000),
    maxStalenessSeconds: day + 3600,
    decisionWindow: 30 * day,
  });
}

/** Posts `answer` to the pair's dev feed as if updated at `updatedAt` (the deployer owns the feeds). */
async function postAnswer(pair: string, answer: bigint, updatedAt?: bigint) {
  const address = feeds[pair]!;
  const receipt =
    updatedAt === undefined
      ? await f.send(f.accounts.deployer, {
          address,
          abi: DevPriceFeed.abi,
          functionName: "updateAnswer",
          args: [answer],
        })
      : await f.send(f.accounts.deployer, {
          address,
          abi: DevPriceFeed.abi,
          functionName: "updateAnswerAt",
          args: [answer, updatedAt],
        });
  expect(receipt.status).toBe("success");
}

describe("createFeedPriceSource", () => {
  it("reads a deployed feed's latest answer, decimals and update time", async () => {
    const gbp = getAddress(feeds["GBP / USD"]!);
    const deployedAt = (await f.chain.publicClient.getBlock({ blockNumber: await blockOfFirstRound(gbp) })).timestamp;
    expect(await feedSource().latest("GBP/USD")).toEqual({
      answer: 127_000_000n,
      decimals: 8,
      updatedAt: Number(deployedAt),
      source: gbp,
    });
  });

  it("answers undefined for a pair without a feed", async () => {
    expect(await feedSource().latest("JPY/USD")).toBeUndefined();
  });

  it("follows the feed's updates", async () => {
    await postAnswer("GBP / USD", 131_500_000n, 1_800_000_000n);
    expect(await feedSource().latest("GBP/USD")).toMatchObject({ answer: 131_500_000n, updatedAt: 1_800_000_000 });
  });

  it("takes core's spelling of pairs as well, and refuses two feeds for one pair", () => {
    const gbp = feeds["GBP / USD"]!;
    expect(createFeedPriceSource({ client: f.chain.publicClient, feeds: { "GBP/USD": gbp }, name: "x" }).name).toBe(
      "x",
    );
    expect(() =>
      createFeedPriceSource({ client: f.chain.publicClient, feeds: { "GBP/USD": gbp, "GBP / USD": gbp }, name: "x" }),
    ).toThrow(new InvalidFeedConfigError({ pair: "GBP / USD", reason: "a second feed for GBP/USD" }));
  });

  it("prices the UK ETA (GBP 16) in USDC exactly as core does with the same rates", async () => {
    const quote = await (await quoteService([feedSource()])).quote({
      visaFee: { amount: 1600n, currency: "GBP" },
      token: "USDC",
    });
    // 16 × 1.27 / 0.9999 = 20.3220322… → 20.322033, plus 10 bps.
    expect([quote.tokenAmount.amount, quote.platformFee.amount, quote.total.amount]).toEqual([
      20_322_033n,
      20_322n,
      20_342_355n,
    ]);
    expect(quote.legs.map(({ pair, answer, source }) => ({ pair, answer, source }))).toEqual([
      { pair: "GBP/USD", answer: 127_000_000n, source: getAddress(feeds["GBP / USD"]!) },
      { pair: "USDC/USD", answer: 99_990_000n, source: getAddress(feeds["USDC / USD"]!) },
    ]);
  });

  it("refuses to quote on a stale feed", async () => {
    const now = await f.now();
    const stale = now - BigInt(day + 3601);
    await postAnswer("GBP / USD", 127_000_000n, stale);
    const quotes = await quoteService([feedSource()]);
    const error = await quotes.quote({ visaFee: { amount: 1600n, currency: "GBP" }, token: "USDC" }).catch((e) => e);
    expect(error).toBeInstanceOf(StaleRateError);
    expect((error as StaleRateError).attempts).toEqual([
      { source: "chainlink", outcome: "stale", updatedAt: Number(stale) },
    ]);
  });

  it("falls back to the next source when the feed is stale, still reading the token's feed", async () => {
    const now = await f.now();
    await postAnswer("GBP / USD", 127_000_000n, now - BigInt(2 * day));
    const backup = createStaticPriceSource({
      name: "backup",
      prices: { "GBP/USD": { answer: 12_800n, decimals: 4, updatedAt: Number(now) - 60 } },
    });
    const quote = await (await quoteService([feedSource(), backup])).quote({
      visaFee: { amount: 1600n, currency: "GBP" },
      token: "USDC",
    });
    expect(quote.legs.map(({ pair, source }) => ({ pair, source }))).toEqual([
      { pair: "GBP/USD", source: "backup" },
      { pair: "USDC/USD", source: getAddress(feeds["USDC / USD"]!) },
    ]);
    // 16 × 1.28 / 0.9999 = 20.4820482… → 20.482049
    expect(quote.tokenAmount.amount).toBe(20_482_049n);
  });

  it("counts a feed that cannot be read as a failed attempt", async () => {
    // The escrow is no feed: latestRoundData reverts.
    const broken = createFeedPriceSource({
      client: f.chain.publicClient,
      feeds: { "GBP/USD": f.escrow, "USDC/USD": f.escrow },
      name: "broken",
    });
    await expect(broken.latest("GBP/USD")).rejects.toBeInstanceOf(ContractFunctionExecutionError);
    const quotes = await quoteService([broken]);
    const error = await quotes.quote({ visaFee: { amount: 1600n, currency: "GBP" }, token: "USDC" }).catch((e) => e);
    expect(error).toBeInstanceOf(MissingRateError);
    expect((error as MissingRateError).attempts).toEqual([{ source: "broken", outcome: "failed" }]);
  });
});

/** The block of the feed's first round (its deployment), from its AnswerUpdated log. */
async function blockOfFirstRound(feed: Address): Promise<bigint> {
  const [log] = await f.chain.publicClient.getContractEvents({
    address: feed,
    abi: DevPriceFeed.abi,
    eventName: "AnswerUpdated",
    fromBlock: 0n,
  });
  return log!.blockNumber;
}
