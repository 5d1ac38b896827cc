import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CurrencyMismatchError } from "../errors/money.ts";
import { addMoney } from "./addMoney.ts";
import { compareMoney } from "./compareMoney.ts";

const usd = (amount: bigint) => ({ amount, currency: "USD" });

describe("compareMoney", () => {
  it("orders amounts of one currency", () => {
    expect(compareMoney(usd(1n), usd(2n))).toBe(-1);
    expect(compareMoney(usd(2n), usd(2n))).toBe(0);
    expect(compareMoney(usd(3n), usd(2n))).toBe(1);
    expect([usd(3n), usd(-1n), usd(2n)].sort(compareMoney)).toEqual([usd(-1n), usd(2n), usd(3n)]);
  });

  it("refuses to compare across currencies", () => {
    expect(() => compareMoney(usd(1n), { amount: 1n, currency: "USDC" })).toThrow(CurrencyMismatchError);
  });

  it("test_fuzz: adding a positive amount makes money larger", () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n }), (a, b) => {
        expect(compareMoney(addMoney(usd(a), usd(b)), usd(a))).toBe(1);
        expect(compareMoney(usd(a), addMoney(usd(a), usd(b)))).toBe(-1);
      }),
    );
  });
});
