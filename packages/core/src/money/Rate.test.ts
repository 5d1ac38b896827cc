import { describe, expect, it } from "vitest";
import { InvalidRateError } from "../errors/money.ts";
import { createRate, invertRate, multiplyRates, rateFromAnswer } from "./Rate.ts";

describe("Rate", () => {
  it("reads a Chainlink answer as answer / 10^decimals", () => {
    expect(rateFromAnswer({ answer: 127_000_000n, decimals: 8 })).toEqual({
      numerator: 127_000_000n,
      denominator: 100_000_000n,
    });
    expect(rateFromAnswer({ answer: 5n, decimals: 0 })).toEqual({ numerator: 5n, denominator: 1n });
  });

  it("inverts and chains rates exactly", () => {
    const gbpUsd = createRate(127n, 100n);
    const usdcUsd = createRate(9_999n, 10_000n);
    expect(invertRate(usdcUsd)).toEqual({ numerator: 10_000n, denominator: 9_999n });
    expect(multiplyRates(gbpUsd, invertRate(usdcUsd))).toEqual({ numerator: 1_270_000n, denominator: 999_900n });
  });

  it.each([
    [0n, 1n],
    [1n, 0n],
    [-1n, 1n],
    [1n, -1n],
  ])("rejects %i/%i", (numerator, denominator) => {
    expect(() => createRate(numerator, denominator)).toThrow(InvalidRateError);
  });

  it("rejects a non-positive answer or impossible decimals, so a broken feed never makes a fee free", () => {
    expect(() => rateFromAnswer({ answer: 0n, decimals: 8 })).toThrow(InvalidRateError);
    expect(() => rateFromAnswer({ answer: -1n, decimals: 8 })).toThrow(InvalidRateError);
    expect(() => rateFromAnswer({ answer: 1n, decimals: -1 })).toThrow(
      expect.objectContaining({ code: "ENTRADA_RATE_INVALID", details: { answer: "1", decimals: "-1" } }),
    );
    expect(() => rateFromAnswer({ answer: 1n, decimals: 1.5 })).toThrow(InvalidRateError);
  });
});
