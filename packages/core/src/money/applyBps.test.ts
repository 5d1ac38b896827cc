import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidBpsError } from "../errors/fee.ts";
import { applyBps, assertBps } from "./applyBps.ts";

const usdc = (amount: bigint) => ({ amount, currency: "USDC" });

describe("applyBps", () => {
  it("takes basis points of an amount, rounded as named", () => {
    expect(applyBps(usdc(40_000_000n), 10, "floor")).toEqual(usdc(40_000n));
    expect(applyBps(usdc(1_999n), 10, "floor")).toEqual(usdc(1n));
    expect(applyBps(usdc(1_999n), 10, "ceil")).toEqual(usdc(2n));
    expect(applyBps(usdc(1_500n), 10, "half-even")).toEqual(usdc(2n));
    expect(applyBps(usdc(2_500n), 10, "half-even")).toEqual(usdc(2n));
    expect(applyBps(usdc(999n), 10, "floor")).toEqual(usdc(0n));
    expect(applyBps(usdc(123n), 10_000, "floor")).toEqual(usdc(123n));
    expect(applyBps(usdc(123n), 0, "ceil")).toEqual(usdc(0n));
  });

  it.each([-1, 10_001, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects %d bps", (bps) => {
    expect(() => applyBps(usdc(1n), bps, "floor")).toThrow(InvalidBpsError);
    expect(() => assertBps(bps)).toThrow(expect.objectContaining({ code: "ENTRADA_BPS_INVALID" }));
  });

  it("test_fuzz: floor is Solidity's fee * bps / 10000 and ceil is at most one unit more", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), fc.integer({ min: 0, max: 10_000 }), (amount, bps) => {
        const floor = applyBps(usdc(amount), bps, "floor").amount;
        const ceil = applyBps(usdc(amount), bps, "ceil").amount;
        expect(floor).toBe((amount * BigInt(bps)) / 10_000n);
        expect(ceil - floor).toBe((amount * BigInt(bps)) % 10_000n === 0n ? 0n : 1n);
      }),
    );
  });
});
