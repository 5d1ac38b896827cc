import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CurrencyMismatchError } from "../errors/money.ts";
import { addMoney } from "./addMoney.ts";
import { currencies } from "./currencies.ts";
import { subtractMoney } from "./subtractMoney.ts";

const moneyPair = fc
  .tuple(fc.constantFrom(...Object.keys(currencies)), fc.bigInt(), fc.bigInt())
  .map(([currency, a, b]) => [
    { amount: a, currency },
    { amount: b, currency },
  ]);

describe("subtractMoney", () => {
  it("subtracts, and a difference may be negative", () => {
    expect(subtractMoney({ amount: 1600n, currency: "GBP" }, { amount: 1700n, currency: "GBP" })).toEqual({
      amount: -100n,
      currency: "GBP",
    });
  });

  it("refuses different currencies", () => {
    expect(() => subtractMoney({ amount: 1n, currency: "GBP" }, { amount: 1n, currency: "EUR" })).toThrow(
      CurrencyMismatchError,
    );
  });

  it("test_fuzz: (a + b) − b = a and (a − b) + b = a", () => {
    fc.assert(
      fc.property(moneyPair, ([a, b]) => {
        expect(subtractMoney(addMoney(a!, b!), b!)).toEqual(a);
        expect(addMoney(subtractMoney(a!, b!), b!)).toEqual(a);
      }),
    );
  });

  it("test_fuzz: a − a = 0 and a − b = −(b − a)", () => {
    fc.assert(
      fc.property(moneyPair, ([a, b]) => {
        expect(subtractMoney(a!, a!).amount).toBe(0n);
        expect(subtractMoney(a!, b!).amount).toBe(-subtractMoney(b!, a!).amount);
      }),
    );
  });
});
