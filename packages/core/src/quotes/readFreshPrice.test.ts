import { describe, expect, it } from "vitest";
import { MissingRateError, StaleRateError } from "../errors/quote.ts";
import { createStaticPriceSource } from "./createStaticPriceSource.ts";
import type { PriceSource } from "./PriceSource.ts";
import { readFreshPrice } from "./readFreshPrice.ts";

const now = 1_767_225_600; // 2026-01-01T00:00:00Z
const gbp = (updatedAt: number, answer = 127_000_000n) => ({ answer, decimals: 8, updatedAt });
const failing: PriceSource = {
  name: "down",
  async latest() {
    throw new Error("connect ECONNREFUSED 127.0.0.1:8545");
  },
};

describe("readFreshPrice", () => {
  it("takes the primary source's answer when fresh", async () => {
    const primary = createStaticPriceSource({ name: "primary", prices: { "GBP/USD": gbp(now - 60) } });
    const backup = createStaticPriceSource({ name: "backup", prices: { "GBP/USD": gbp(now, 1n) } });
    expect(
      await readFreshPrice({ pair: "GBP/USD", sources: [primary, backup], now, maxStalenessSeconds: 3600 }),
    ).toEqual({
      pair: "GBP/USD",
      answer: 127_000_000n,
      decimals: 8,
      updatedAt: now - 60,
      source: "primary",
    });
  });

  it("counts a price exactly maxStalenessSeconds old as fresh and one second older as stale", async () => {
    const source = createStaticPriceSource({ name: "primary", prices: { "GBP/USD": gbp(now - 3600) } });
    await expect(
      readFreshPrice({ pair: "GBP/USD", sources: [source], now, maxStalenessSeconds: 3600 }),
    ).resolves.toMatchObject({
      updatedAt: now - 3600,
    });
    await expect(
      readFreshPrice({ pair: "GBP/USD", sources: [source], now, maxStalenessSeconds: 3599 }),
    ).rejects.toThrow(StaleRateError);
  });

  it("falls back, in order, past stale, missing, failing and invalid sources", async () => {
    const stale = createStaticPriceSource({ name: "stale", prices: { "GBP/USD": gbp(now - 7200) } });
    const empty = createStaticPriceSource({ name: "empty" });
    const zero = createStaticPriceSource({ name: "zero", prices: { "GBP/USD": gbp(now, 0n) } });
    const future = createStaticPriceSource({ name: "future", prices: { "GBP/USD": gbp(now + 61) } });
    const good = createStaticPriceSource({ name: "good", prices: { "GBP/USD": gbp(now - 10, 126_500_000n) } });
    const price = await readFreshPrice({
      pair: "GBP/USD",
      sources: [stale, empty, failing, zero, future, good],
      now,
      maxStalenessSeconds: 3600,
    });
    expect(price.source).toBe("good");
    expect(price.answer).toBe(126_500_000n);
  });

  it("tolerates a feed clock up to 60 s ahead", async () => {
    const ahead = createStaticPriceSource({ name: "ahead", prices: { "GBP/USD": gbp(now + 60) } });
    expect((await readFreshPrice({ pair: "GBP/USD", sources: [ahead], now, maxStalenessSeconds: 60 })).updatedAt).toBe(
      now + 60,
    );
  });

  it("throws StaleRateError naming the pair and every attempt when nothing is fresh", async () => {
    const stale = createStaticPriceSource({ name: "stale", prices: { "GBP/USD": gbp(now - 7200) } });
    const empty = createStaticPriceSource({ name: "empty" });
    const error = await readFreshPrice({
      pair: "GBP/USD",
      sources: [stale, empty, failing],
      now,
      maxStalenessSeconds: 3600,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleRateError);
    expect(error).toMatchObject({
      code: "ENTRADA_RATE_STALE",
      status: 503,
      pair: "GBP/USD",
      details: {
        pair: "GBP/USD",
        maxStalenessSeconds: 3600,
        attempts: [
          { source: "stale", outcome: "stale", updatedAt: now - 7200 },
          { source: "empty", outcome: "missing" },
          { source: "down", outcome: "failed" },
        ],
      },
    });
    expect((error as StaleRateError).shortMessage).toBe(
      "The GBP/USD rate is stale at every source; no quote can be made now.",
    );
  });

  it("throws MissingRateError when no source has a usable answer, keeping the last failure as cause", async () => {
    const empty = createStaticPriceSource({ name: "empty" });
    const error = await readFreshPrice({
      pair: "JPY/USD",
      sources: [empty, failing],
      now,
      maxStalenessSeconds: 3600,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingRateError);
    expect(error).toMatchObject({
      code: "ENTRADA_RATE_UNAVAILABLE",
      status: 503,
      pair: "JPY/USD",
      details: {
        attempts: [
          { source: "empty", outcome: "missing" },
          { source: "down", outcome: "failed" },
        ],
      },
    });
    expect((error as MissingRateError).cause).toEqual(new Error("connect ECONNREFUSED 127.0.0.1:8545"));
  });
});
