import { describe, expect, it } from "vitest";
import { createStaticPriceSource } from "./createStaticPriceSource.ts";

describe("createStaticPriceSource", () => {
  it("answers from its table, naming itself as the source unless told otherwise", async () => {
    const source = createStaticPriceSource({
      name: "fixed",
      prices: {
        "GBP/USD": { answer: 127_000_000n, decimals: 8, updatedAt: 1_767_225_600 },
        "EUR/USD": { answer: 108_000_000n, decimals: 8, updatedAt: 1_767_225_600, source: "0xfeed" },
      },
    });
    expect(await source.latest("GBP/USD")).toEqual({
      answer: 127_000_000n,
      decimals: 8,
      updatedAt: 1_767_225_600,
      source: "fixed",
    });
    expect((await source.latest("EUR/USD"))?.source).toBe("0xfeed");
    expect(await source.latest("JPY/USD")).toBeUndefined();
  });

  it("can move a price or drop a pair, to rehearse rate moves and outages", async () => {
    const source = createStaticPriceSource({ name: "fixed" });
    source.set("GBP/USD", { answer: 1n, decimals: 0, updatedAt: 1 });
    expect((await source.latest("GBP/USD"))?.answer).toBe(1n);
    source.remove("GBP/USD");
    expect(await source.latest("GBP/USD")).toBeUndefined();
  });
});
