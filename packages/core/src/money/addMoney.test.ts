import { describe, expect, it } from "vitest";
import { CurrencyMismatchError } from "../errors/money.ts";
import { addMoney } from "./addMoney.ts";

describe("addMoney", () => {
  it("adds amounts of one currency", () => {
    expect(addMoney({ amount: 1600n, currency: "GBP" }, { amount: 2n, currency: "GBP" })).toEqual({
      amount: 1602n,
      currency: "GBP",
    });
  });

  it("refuses to add different currencies", () => {
    expect(() => addMoney({ amount: 1n, currency: "GBP" }, { amount: 1n, currency: "USD" })).toThrow(
      CurrencyMismatchError,
    );
    // Same value, different token: still different money.
    expect(() => addMoney({ amount: 1n, currency: "USDC" }, { amount: 1n, currency: "USDT" })).toThrow(
      expect.objectContaining({ code: "ENTRADA_CURRENCY_MISMATCH", details: { expected: "USDC", received: "USDT" } }),
    );
  });
});
