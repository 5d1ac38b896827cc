import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bumpFees } from "./bumpFees.ts";

const gwei = 1_000_000_000n;

describe("bumpFees", () => {
  it("raises both fees by 12.5 %, rounded up", () => {
    const fees = { maxFeePerGas: 1_000_098_157n, maxPriorityFeePerGas: gwei };
    expect(bumpFees({ current: fees, market: fees, maxFeeBumpPercent: 100 })).toEqual({
      maxFeePerGas: 1_125_110_427n, // 1_000_098_157 × 1.125 = 1_125_110_426.6…
      maxPriorityFeePerGas: 1_125_000_000n,
    });
  });

  it("follows the market when it moved above the bump", () => {
    const current = { maxFeePerGas: 30n * gwei, maxPriorityFeePerGas: gwei };
    const market = { maxFeePerGas: 100n * gwei, maxPriorityFeePerGas: 2n * gwei };
    expect(bumpFees({ current, market, maxFeeBumpPercent: 0 })).toEqual(market);
  });

  it("keeps the max fee at least the priority fee", () => {
    const current = { maxFeePerGas: 10n * gwei, maxPriorityFeePerGas: 10n * gwei };
    const market = { maxFeePerGas: gwei, maxPriorityFeePerGas: 20n * gwei };
    expect(bumpFees({ current, market, maxFeeBumpPercent: 10_000 })).toEqual({
      maxFeePerGas: 20n * gwei,
      maxPriorityFeePerGas: 20n * gwei,
    });
  });

  it("stops at the cap above the market", () => {
    const market = { maxFeePerGas: 100n, maxPriorityFeePerGas: 10n };
    expect(bumpFees({ current: market, market, maxFeeBumpPercent: 12 })).toBeUndefined();
    expect(bumpFees({ current: market, market, maxFeeBumpPercent: 13 })).toEqual({
      maxFeePerGas: 113n,
      maxPriorityFeePerGas: 12n,
    });
    const bumped = { maxFeePerGas: 113n, maxPriorityFeePerGas: 12n };
    expect(bumpFees({ current: bumped, market, maxFeeBumpPercent: 20 })).toBeUndefined();
  });

  it("refuses a negative or fractional cap", () => {
    const fees = { maxFeePerGas: 1n, maxPriorityFeePerGas: 1n };
    expect(() => bumpFees({ current: fees, market: fees, maxFeeBumpPercent: -1 })).toThrow(RangeError);
    expect(() => bumpFees({ current: fees, market: fees, maxFeeBumpPercent: 1.5 })).toThrow(RangeError);
  });

  it("always satisfies the 12.5 % replacement rule and the cap when it bumps", () => {
    const fee = fc.bigInt({ min: 1n, max: 10n ** 15n });
    const raise = (value: bigint) => (value * 1125n + 999n) / 1000n;
    let bumps = 0;
    let caps = 0;
    fc.assert(
      fc.property(fee, fee, fee, fee, fc.integer({ min: 0, max: 1000 }), (a, b, c, d, percent) => {
        const sorted = (x: bigint, y: bigint) => [x, y].sort((p, q) => (p < q ? -1 : 1)) as [bigint, bigint];
        const [currentTip, currentMax] = sorted(a, b);
        const [marketTip, marketMax] = sorted(c, d);
        const current = { maxFeePerGas: currentMax, maxPriorityFeePerGas: currentTip };
        const market = { maxFeePerGas: marketMax, maxPriorityFeePerGas: marketTip };
        const next = bumpFees({ current, market, maxFeeBumpPercent: percent });
        const cap = (market.maxFeePerGas * BigInt(100 + percent)) / 100n;
        if (next === undefined) {
          caps += 1;
          const tip = raise(current.maxPriorityFeePerGas);
          expect(raise(current.maxFeePerGas) > cap || (tip > market.maxPriorityFeePerGas ? tip : 0n) > cap).toBe(true);
          return;
        }
        bumps += 1;
        expect(next.maxFeePerGas * 1000n).toBeGreaterThanOrEqual(current.maxFeePerGas * 1125n);
        expect(next.maxPriorityFeePerGas * 1000n).toBeGreaterThanOrEqual(current.maxPriorityFeePerGas * 1125n);
        expect(next.maxFeePerGas).toBeGreaterThanOrEqual(next.maxPriorityFeePerGas);
        expect(next.maxFeePerGas).toBeLessThanOrEqual(cap);
      }),
    );
    // Both outcomes were exercised.
    expect(bumps).toBeGreaterThan(0);
    expect(caps).toBeGreaterThan(0);
  });
});
