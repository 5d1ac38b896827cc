import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EmptyBatchError, FeeAboveCapError, InvalidBpsError } from "../errors/fee.ts";
import { CurrencyMismatchError, NegativeAmountError, UnknownCurrencyError } from "../errors/money.ts";
import {
  InvalidQuoteConfigError,
  MissingRateError,
  NothingToPayError,
  StaleRateError,
  UnsupportedTokenError,
} from "../errors/quote.ts";
import { computeBatchPlatformFee } from "../fees/computeBatchPlatformFee.ts";
import { type CreateQuoteServiceParameters, createQuoteService } from "./createQuoteService.ts";
import { createStaticPriceSource } from "./createStaticPriceSource.ts";
import { isQuoteExpired } from "./isQuoteExpired.ts";

const now = 1_767_225_600; // 2026-01-01T00:00:00Z
const clock = () => new Date(now * 1000);
const day = 86_400;

/** The development chain's demo rates (contracts/deploy.ts devFeeds), updated a minute ago. */
function devFeeds(name = "chainlink", updatedAt = now - 60) {
  const feed = (answer: bigint) => ({ answer, decimals: 8, updatedAt });
  return createStaticPriceSource({
    name,
    prices: {
      "USDC/USD": feed(99_990_000n),
      "USDT/USD": feed(99_970_000n),
      "EUR/USD": feed(108_000_000n),
      "GBP/USD": feed(127_000_000n),
      "THB/USD": feed(2_900_000n),
      "INR/USD": feed(1_130_000n),
      "TRY/USD": feed(2_400_000n),
      "KES/USD": feed(770_000n),
      "AUD/USD": feed(65_000_000n),
    },
  });
}

function service(overrides: Partial<CreateQuoteServiceParameters> = {}) {
  return createQuoteService({
    sources: [devFeeds()],
    clock,
    maxStalenessSeconds: day + 3600,
    decisionWindow: 30 * day,
    ...overrides,
  });
}

describe("createQuoteService", () => {
  it("quotes the UK ETA (GBP 16) in USDC: GBP → USD → USDC, rounded up once, plus 0.1 %", async () => {
    const quote = await service().quote({ visaFee: { amount: 1600n, currency: "GBP" }, token: "USDC" });
    expect(quote).toEqual({
      visaFee: { amount: 1600n, currency: "GBP" },
      token: "USDC",
      // 16 × 1.27 / 0.9999 = 20.3220322032… → 20.322033
      tokenAmount: { amount: 20_322_033n, currency: "USDC" },
      platformFee: { amount: 20_322n, currency: "USDC" },
      total: { amount: 20_342_355n, currency: "USDC" },
      rate: { numerator: 12_700_000_000_000_000n, denominator: 9_999_000_000_000_000n },
      legs: [
        { pair: "GBP/USD", answer: 127_000_000n, decimals: 8, updatedAt: now - 60, source: "chainlink" },
        { pair: "USDC/USD", answer: 99_990_000n, decimals: 8, updatedAt: now - 60, source: "chainlink" },
      ],
      feeBps: 10,
      discounts: [],
      platformFeeBps: 10,
      createdAt: now,
      expiresAt: now + 900,
      decisionDeadline: now + 900 + 30 * day,
    });
  });

  it("quotes a USD fee with the token's own feed only (US ESTA, USD 40, in USDT)", async () => {
    const quote = await service().quote({ visaFee: { amount: 4000n, currency: "USD" }, token: "USDT" });
    expect(quote.legs.map((leg) => leg.pair)).toEqual(["USDT/USD"]);
    // 40 / 0.9997 = 40.0120036… → 40.012004: the token is not assumed to be worth 1 USD.
    expect(quote.tokenAmount).toEqual({ amount: 40_012_004n, currency: "USDT" });
    expect(quote.platformFee).toEqual({ amount: 40_012n, currency: "USDT" });
    expect(quote.total).toEqual({ amount: 40_052_016n, currency: "USDT" });
  });

  it("uses 1:1 exactly when the token's feed says 1.00000000", async () => {
    const feeds = devFeeds();
    feeds.set("USDC/USD", { answer: 100_000_000n, decimals: 8, updatedAt: now });
    const quote = await service({ sources: [feeds] }).quote({
      visaFee: { amount: 4000n, currency: "USD" },
      token: "USDC",
    });
    expect(quote.tokenAmount).toEqual({ amount: 40_000_000n, currency: "USDC" });
    expect(quote.total).toEqual({ amount: 40_040_000n, currency: "USDC" });
  });

  it("quotes the Thai tourist visa (THB 1,000) and ETIAS (EUR 20)", async () => {
    const quotes = service();
    const thai = await quotes.quote({ visaFee: { amount: 100_000n, currency: "THB" }, token: "USDC" });
    expect([thai.tokenAmount.amount, thai.platformFee.amount, thai.total.amount]).toEqual([
      29_002_901n,
      29_002n,
      29_031_903n,
    ]);
    const etias = await quotes.quote({ visaFee: { amount: 2000n, currency: "EUR" }, token: "USDT" });
    expect([etias.tokenAmount.amount, etias.platformFee.amount, etias.total.amount]).toEqual([
      21_606_482n,
      21_606n,
      21_628_088n,
    ]);
  });

  it("applies discounts to the platform fee rate and reports them", async () => {
    const quote = await service().quote({
      visaFee: { amount: 4000n, currency: "USD" },
      token: "USDT",
      discounts: [
        { reason: "reputation", bps: 4 },
        { reason: "batch", bps: 10 },
      ],
    });
    expect(quote.platformFeeBps).toBe(0);
    expect(quote.discounts).toEqual([
      { reason: "reputation", bps: 4, appliedBps: 4 },
      { reason: "batch", bps: 10, appliedBps: 6 },
    ]);
    expect(quote.platformFee).toEqual({ amount: 0n, currency: "USDT" });
    expect(quote.total).toEqual(quote.tokenAmount);
  });

  it("honours the service's fee settings and a per-quote decision window", async () => {
    const quote = await service({ feeBps: 25, lockSeconds: 300 }).quote({
      visaFee: { amount: 4000n, currency: "USD" },
      token: "USDT",
      decisionWindow: 3 * day,
    });
    expect(quote.platformFee.amount).toBe((40_012_004n * 25n) / 10_000n);
    expect([quote.expiresAt, quote.decisionDeadline]).toEqual([now + 300, now + 300 + 3 * day]);
  });

  it("is deterministic given the clock and the prices", async () => {
    const quotes = service();
    const parameters = { visaFee: { amount: 3000n, currency: "USD" }, token: "USDC" } as const;
    expect(await quotes.quote(parameters)).toEqual(await quotes.quote(parameters));
  });

  it("falls back to the next source when the primary's price is stale, and records which one it used", async () => {
    const quote = await service({
      sources: [devFeeds("chainlink", now - 2 * day), devFeeds("backup", now - 30)],
    }).quote({ visaFee: { amount: 1600n, currency: "GBP" }, token: "USDC" });
    expect(quote.legs.map((leg) => [leg.pair, leg.source, leg.updatedAt])).toEqual([
      ["GBP/USD", "backup", now - 30],
      ["USDC/USD", "backup", now - 30],
    ]);
  });

  it("falls back per pair: a fresh token feed is kept while the FX pair comes from the backup", async () => {
    const primary = devFeeds("chainlink");
    primary.set("GBP/USD", { answer: 127_000_000n, decimals: 8, updatedAt: now - 2 * day });
    const quote = await service({ sources: [primary, devFeeds("backup")] }).quote({
      visaFee: { amount: 1600n, currency: "GBP" },
      token: "USDC",
    });
    expect(quote.legs.map((leg) => leg.source)).toEqual(["backup", "chainlink"]);
  });

  it("never quotes on stale data: StaleRateError names the pair", async () => {
    const quotes = service({ sources: [devFeeds("chainlink", now - 2 * day), devFeeds("backup", now - 3 * day)] });
    const error = await quotes
      .quote({ visaFee: { amount: 4000n, currency: "USD" }, token: "USDC" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleRateError);
    expect(error).toMatchObject({ code: "ENTRADA_RATE_STALE", status: 503, pair: "USDC/USD" });
  });

  it("applies per-pair staleness limits over the default", async () => {
    const feeds = devFeeds("chainlink", now - 7200);
    const strictStablecoin = service({
      sources: [feeds],
      maxStalenessSeconds: { default: day, pairs: { "USDC/USD": 3600 } },
    });
    await expect(
      strictStablecoin.quote({ visaFee: { amount: 1600n, currency: "GBP" }, token: "USDC" }),
    ).rejects.toMatchObject({
      code: "ENTRADA_RATE_STALE",
      pair: "USDC/USD",
    });
    await expect(
      strictStablecoin.quote({ visaFee: { amount: 1600n, currency: "GBP" }, token: "USDT" }),
    ).resolves.toMatchObject({
      total: { currency: "USDT" },
    });
  });

  it("fails with MissingRateError for a currency no source prices", async () => {
    await expect(service().quote({ visaFee: { amount: 3000n, currency: "JPY" }, token: "USDC" })).rejects.toMatchObject(
      {
        code: "ENTRADA_RATE_UNAVAILABLE",
        pair: "JPY/USD",
      },
    );
    await expect(service().quote({ visaFee: { amount: 3000n, currency: "JPY" }, token: "USDC" })).rejects.toThrow(
      MissingRateError,
    );
  });

  it("refuses what cannot be escrowed: zero, negative, unknown currency, unsupported token", async () => {
    const quotes = service();
    await expect(quotes.quote({ visaFee: { amount: 0n, currency: "EUR" }, token: "USDC" })).rejects.toThrow(
      NothingToPayError,
    );
    await expect(quotes.quote({ visaFee: { amount: -1n, currency: "EUR" }, token: "USDC" })).rejects.toThrow(
      NegativeAmountError,
    );
    await expect(quotes.quote({ visaFee: { amount: 1n, currency: "XYZ" }, token: "USDC" })).rejects.toThrow(
      UnknownCurrencyError,
    );
    await expect(quotes.quote({ visaFee: { amount: 1n, currency: "EUR" }, token: "DAI" })).rejects.toThrow(
      UnsupportedTokenError,
    );
    await expect(quotes.quote({ visaFee: { amount: 1n, currency: "EUR" }, token: "USD" })).rejects.toMatchObject({
      code: "ENTRADA_TOKEN_UNSUPPORTED",
      details: { token: "USD", supported: ["USDC", "USDT"] },
    });
    await expect(
      quotes.quote({ visaFee: { amount: 1n, currency: "EUR" }, token: "USDC", discounts: [{ reason: "x", bps: -1 }] }),
    ).rejects.toThrow(InvalidBpsError);
  });

  it("rejects impossible settings at creation", () => {
    const base = { sources: [devFeeds()], maxStalenessSeconds: 3600, decisionWindow: day };
    expect(() => createQuoteService({ ...base, sources: [] })).toThrow(InvalidQuoteConfigError);
    expect(() => createQuoteService({ ...base, lockSeconds: 0 })).toThrow(InvalidQuoteConfigError);
    expect(() => createQuoteService({ ...base, lockSeconds: 1.5 })).toThrow(InvalidQuoteConfigError);
    expect(() => createQuoteService({ ...base, decisionWindow: -1 })).toThrow(InvalidQuoteConfigError);
    expect(() => createQuoteService({ ...base, maxStalenessSeconds: 0 })).toThrow(InvalidQuoteConfigError);
    expect(() =>
      createQuoteService({ ...base, maxStalenessSeconds: { default: 60, pairs: { "GBP/USD": -5 } } }),
    ).toThrow(
      expect.objectContaining({
        code: "ENTRADA_QUOTE_CONFIG_INVALID",
        details: expect.objectContaining({ setting: "maxStalenessSeconds.pairs.GBP/USD" }),
      }),
    );
    expect(() => createQuoteService({ ...base, feeBps: 200 })).toThrow(FeeAboveCapError);
  });

  it("expires after its lock time", async () => {
    const quote = await service().quote({ visaFee: { amount: 1600n, currency: "GBP" }, token: "USDC" });
    expect(isQuoteExpired(quote, new Date((now + 899) * 1000))).toBe(false);
    expect(isQuoteExpired(quote, new Date((now + 900) * 1000))).toBe(true);
  });

  describe("quoteBatch", () => {
    it("prices a batch with one rate and the escrow's per-item rounding", async () => {
      const batch = await service().quoteBatch({
        visaFees: [
          { amount: 4000n, currency: "USD" },
          { amount: 4000n, currency: "USD" },
          { amount: 2500n, currency: "USD" },
        ],
        token: "USDC",
        discounts: [{ reason: "batch", bps: 2 }],
      });
      expect(batch.items).toEqual([
        {
          visaFee: { amount: 4000n, currency: "USD" },
          tokenAmount: { amount: 40_004_001n, currency: "USDC" },
          platformFee: { amount: 32_003n, currency: "USDC" },
        },
        {
          visaFee: { amount: 4000n, currency: "USD" },
          tokenAmount: { amount: 40_004_001n, currency: "USDC" },
          platformFee: { amount: 32_003n, currency: "USDC" },
        },
        {
          visaFee: { amount: 2500n, currency: "USD" },
          tokenAmount: { amount: 25_002_501n, currency: "USDC" },
          platformFee: { amount: 20_002n, currency: "USDC" },
        },
      ]);
      expect(batch.platformFeeBps).toBe(8);
      expect(batch.tokenAmount).toEqual({ amount: 105_010_503n, currency: "USDC" });
      expect(batch.platformFee).toEqual({ amount: 84_008n, currency: "USDC" });
      expect(batch.total).toEqual({ amount: 105_094_511n, currency: "USDC" });
      expect(batch.legs.map((leg) => leg.pair)).toEqual(["USDC/USD"]);
      expect([batch.createdAt, batch.expiresAt, batch.decisionDeadline]).toEqual([
        now,
        now + 900,
        now + 900 + 30 * day,
      ]);
      // The total is what payBatch pulls for these fees at this rate.
      const onChain = batch.items.reduce(
        (sum, item) => sum + item.tokenAmount.amount + (item.tokenAmount.amount * 8n) / 10_000n,
        0n,
      );
      expect(batch.total.amount).toBe(onChain);
    });

    it("gives each application the same amounts as its own quote would", async () => {
      const quotes = service();
      const fee = { amount: 1600n, currency: "GBP" };
      const single = await quotes.quote({ visaFee: fee, token: "USDT" });
      const batch = await quotes.quoteBatch({ visaFees: [fee, fee], token: "USDT" });
      expect(batch.items[1]).toEqual({
        visaFee: fee,
        tokenAmount: single.tokenAmount,
        platformFee: single.platformFee,
      });
    });

    it("refuses empty, mixed-currency and zero-fee batches", async () => {
      const quotes = service();
      await expect(quotes.quoteBatch({ visaFees: [], token: "USDC" })).rejects.toThrow(EmptyBatchError);
      await expect(
        quotes.quoteBatch({
          visaFees: [
            { amount: 1n, currency: "USD" },
            { amount: 1n, currency: "EUR" },
          ],
          token: "USDC",
        }),
      ).rejects.toThrow(CurrencyMismatchError);
      await expect(
        quotes.quoteBatch({
          visaFees: [
            { amount: 1n, currency: "EUR" },
            { amount: 0n, currency: "EUR" },
          ],
          token: "USDC",
        }),
      ).rejects.toThrow(NothingToPayError);
    });
  });

  it("test_fuzz: the authority's part is worth at least the fee at the quoted rates, by less than one token unit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 90_000_000n, max: 110_000_000n }),
        fc.integer({ min: 0, max: 100 }),
        async (fee, fxAnswer, tokenAnswer, feeBps) => {
          const feeds = createStaticPriceSource({
            name: "fuzz",
            prices: {
              "KWD/USD": { answer: fxAnswer, decimals: 8, updatedAt: now },
              "USDC/USD": { answer: tokenAnswer, decimals: 8, updatedAt: now },
            },
          });
          const quote = await service({ sources: [feeds], feeBps }).quote({
            visaFee: { amount: fee, currency: "KWD" },
            token: "USDC",
          });
          // Value in USD·10^-(3+8+6+8): fee (10^-3 KWD) × fx (10^-8) vs token (10^-6) × token price (10^-8).
          const feeValue = fee * fxAnswer * 10n ** 6n;
          const tokenValue = (amount: bigint) => amount * tokenAnswer * 10n ** 3n;
          expect(tokenValue(quote.tokenAmount.amount) >= feeValue).toBe(true);
          expect(tokenValue(quote.tokenAmount.amount - 1n) < feeValue).toBe(true);
          expect(quote.platformFee).toEqual(
            computeBatchPlatformFee({ visaFees: [quote.tokenAmount], feeBps }).platformFee,
          );
          expect(quote.total.amount).toBe(quote.tokenAmount.amount + quote.platformFee.amount);
        },
      ),
      { numRuns: 200 },
    );
  });
});
