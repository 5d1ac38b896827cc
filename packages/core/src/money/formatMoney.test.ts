import { describe, expect, it } from "vitest";
import { UnknownCurrencyError } from "../errors/money.ts";
import { formatMoney } from "./formatMoney.ts";

describe("formatMoney", () => {
  it.each([
    [1600n, "GBP", "16.00"],
    [1n, "USD", "0.01"],
    [0n, "EUR", "0.00"],
    [-150n, "USD", "-1.50"],
    [-5n, "KWD", "-0.005"],
    [3000n, "JPY", "3000"],
    [0n, "JPY", "0"],
    [40_020_000n, "USDC", "40.020000"],
    [1n, "USDT", "0.000001"],
    [100000n, "THB", "1000.00"],
  ])("formats %i %s as %s", (amount, currency, expected) => {
    expect(formatMoney({ amount, currency })).toBe(expected);
  });

  it("appends the code when asked", () => {
    expect(formatMoney({ amount: 40_020_000n, currency: "USDC" }, { withCurrency: true })).toBe("40.020000 USDC");
  });

  it("throws for an unknown currency instead of guessing decimals", () => {
    expect(() => formatMoney({ amount: 1n, currency: "XYZ" })).toThrow(UnknownCurrencyError);
  });
});
