import { describe, expect, it } from "vitest";
import { UnknownCurrencyError } from "../errors/money.ts";
import { money } from "./Money.ts";

describe("money", () => {
  it("builds an amount in a known currency", () => {
    expect(money(1600n, "GBP")).toEqual({ amount: 1600n, currency: "GBP" });
  });

  it("rejects an unknown currency where the amount is made", () => {
    expect(() => money(1600n, "GPB")).toThrow(UnknownCurrencyError);
  });
});
