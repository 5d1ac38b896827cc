import { devFeeds } from "@entrada/contracts";
import { describe, expect, it } from "vitest";
import { InvalidFeedConfigError } from "../errors.ts";
import { toPricePair } from "./toPricePair.ts";

describe("toPricePair", () => {
  it("maps the dev feeds' descriptions to core's pairs", () => {
    expect(devFeeds.map((feed) => toPricePair(feed.pair))).toEqual([
      "USDC/USD",
      "USDT/USD",
      "EUR/USD",
      "GBP/USD",
      "THB/USD",
      "INR/USD",
      "TRY/USD",
      "KES/USD",
      "AUD/USD",
    ]);
  });

  it("keeps core's spelling and upper-cases codes", () => {
    expect(toPricePair("GBP/USD")).toBe("GBP/USD");
    expect(toPricePair(" eur /usd ")).toBe("EUR/USD");
  });

  it.each(["GBPUSD", "GBP / USD / EUR", "/USD", "GBP/", "G/USD", "GBP-X/USD", ""])("refuses %j", (name) => {
    expect(() => toPricePair(name)).toThrow(InvalidFeedConfigError);
  });
});
