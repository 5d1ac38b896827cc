import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidRateError, UnknownCurrencyError } from "../errors/money.ts";
import { convertMoney } from "./convertMoney.ts";
import { currencies } from "./currencies.ts";
import { createRate } from "./Rate.ts";

const codes = Object.keys(currencies) as (keyof typeof currencies)[];
const rateArbitrary = fc
  .tuple(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 20n }))
  .map(([n, d]) => createRate(n, d));

describe("convertMoney", () => {
  it("converts GBP 16.00 at 1.27 into USD 20.32", () => {
    expect(
      convertMoney({ amount: 1600n, currency: "GBP" }, { to: "USD", rate: createRate(127n, 100n), rounding: "ceil" }),
    ).toEqual({ amount: 2032n, currency: "USD" });
  });

  it("scales between exponents: pence to USDC units, USD cents to yen, dinars to cents", () => {
    const one = createRate(1n, 1n);
    expect(convertMoney({ amount: 1600n, currency: "GBP" }, { to: "USDC", rate: one, rounding: "floor" })).toEqual({
      amount: 16_000_000n,
      currency: "USDC",
    });
    // USD 1.00 = JPY 150.5 → 150 or 151 yen: the rounding decides, never silently.
    const usdJpy = createRate(1505n, 10n);
    expect(convertMoney({ amount: 100n, currency: "USD" }, { to: "JPY", rate: usdJpy, rounding: "floor" }).amount).toBe(
      150n,
    );
    expect(convertMoney({ amount: 100n, currency: "USD" }, { to: "JPY", rate: usdJpy, rounding: "ceil" }).amount).toBe(
      151n,
    );
    expect(
      convertMoney({ amount: 1n, currency: "KWD" }, { to: "USD", rate: createRate(325n, 100n), rounding: "ceil" }),
    ).toEqual({
      amount: 1n,
      currency: "USD",
    });
  });

  it("rounds up by at most one unit when the fee does not divide evenly", () => {
    // USD 20.32 at 1 USDC = 0.9999 USD is 20.322032203… USDC.
    const usdcPerUsd = createRate(10_000n, 9_999n);
    expect(
      convertMoney({ amount: 2032n, currency: "USD" }, { to: "USDC", rate: usdcPerUsd, rounding: "ceil" }),
    ).toEqual({
      amount: 20_322_033n,
      currency: "USDC",
    });
    expect(
      convertMoney({ amount: 2032n, currency: "USD" }, { to: "USDC", rate: usdcPerUsd, rounding: "floor" }),
    ).toEqual({
      amount: 20_322_032n,
      currency: "USDC",
    });
  });

  it("rejects unknown currencies and invalid rates", () => {
    expect(() =>
      convertMoney({ amount: 1n, currency: "USD" }, { to: "XYZ", rate: createRate(1n, 1n), rounding: "ceil" }),
    ).toThrow(UnknownCurrencyError);
    expect(() =>
      convertMoney(
        { amount: 1n, currency: "USD" },
        { to: "EUR", rate: { numerator: 0n, denominator: 1n }, rounding: "ceil" },
      ),
    ).toThrow(InvalidRateError);
  });

  it("test_fuzz: ceil is within one minor unit above the exact rational, floor within one below", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.constantFrom(...codes),
        fc.constantFrom(...codes),
        rateArbitrary,
        (amount, from, to, rate) => {
          // exact = amount · n · 10^e(to) / (d · 10^e(from)) = N / D
          const N = amount * rate.numerator * 10n ** BigInt(currencies[to].exponent);
          const D = rate.denominator * 10n ** BigInt(currencies[from].exponent);
          const up = convertMoney({ amount, currency: from }, { to, rate, rounding: "ceil" }).amount;
          const down = convertMoney({ amount, currency: from }, { to, rate, rounding: "floor" }).amount;
          const even = convertMoney({ amount, currency: from }, { to, rate, rounding: "half-even" }).amount;
          // Never under-charged: up ≥ exact, and less than one unit above it.
          expect(up * D >= N && (up - 1n) * D < N).toBe(true);
          expect(down * D <= N && (down + 1n) * D > N).toBe(true);
          expect(even === up || even === down).toBe(true);
        },
      ),
    );
  });

  it("test_fuzz: conversion is monotonic in the amount and in the rate", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.constantFrom(...codes),
        fc.constantFrom(...codes),
        rateArbitrary,
        fc.bigInt({ min: 0n, max: 10n ** 6n }),
        fc.constantFrom("floor", "ceil", "half-even" as const),
        (a, b, from, to, rate, bump, rounding) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const convert = (amount: bigint, r = rate) =>
            convertMoney({ amount, currency: from }, { to, rate: r, rounding }).amount;
          expect(convert(low) <= convert(high)).toBe(true);
          const higherRate = createRate(rate.numerator + bump, rate.denominator);
          expect(convert(high) <= convert(high, higherRate)).toBe(true);
        },
      ),
    );
  });
});
