import { describe, expect, it } from "vitest";
import { estimateStablecoin } from "./estimateStablecoin.ts";

describe("estimateStablecoin", () => {
  it("converts a fee with the platform fee, rounded up to the cent", () => {
    expect(
      estimateStablecoin({
        fee: { amount: "1600", currency: "GBP", formatted: "16.00" },
        token: "USDC",
        platformFeeBps: 10,
      }),
    ).toEqual({ amount: "20350000", currency: "USDC", formatted: "20.35" });
    expect(
      estimateStablecoin({
        fee: { amount: "2500", currency: "USD", formatted: "25.00" },
        token: "USDT",
        platformFeeBps: 0,
      }),
    ).toEqual({ amount: "25000000", currency: "USDT", formatted: "25.00" });
  });

  it("handles currencies without minor units", () => {
    expect(
      estimateStablecoin({
        fee: { amount: "3000", currency: "JPY", formatted: "3000" },
        token: "USDC",
        platformFeeBps: 0,
      })?.formatted,
    ).toBe("20.10");
  });

  it("gives no estimate for a currency without a reference rate", () => {
    expect(
      estimateStablecoin({
        fee: { amount: "100", currency: "XYZ", formatted: "1.00" },
        token: "USDC",
        platformFeeBps: 10,
      }),
    ).toBeNull();
  });
});
