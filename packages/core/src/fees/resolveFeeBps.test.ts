import { describe, expect, it } from "vitest";
import { FeeAboveCapError, InvalidBpsError } from "../errors/fee.ts";
import { resolveFeeBps } from "./resolveFeeBps.ts";

describe("resolveFeeBps", () => {
  it("defaults to 10 bps with no discounts", () => {
    expect(resolveFeeBps()).toEqual({ feeBps: 10, discounts: [], discountBps: 0, effectiveBps: 10 });
  });

  it("takes discounts off the rate in order", () => {
    expect(
      resolveFeeBps({
        feeBps: 10,
        discounts: [
          { reason: "reputation", bps: 2 },
          { reason: "batch", bps: 3 },
        ],
      }),
    ).toEqual({
      feeBps: 10,
      discounts: [
        { reason: "reputation", bps: 2, appliedBps: 2 },
        { reason: "batch", bps: 3, appliedBps: 3 },
      ],
      discountBps: 5,
      effectiveBps: 5,
    });
  });

  it("never goes below zero: the discount that crosses it applies only in part", () => {
    expect(
      resolveFeeBps({
        feeBps: 10,
        discounts: [
          { reason: "reputation", bps: 3 },
          { reason: "batch", bps: 9 },
          { reason: "promotion", bps: 5 },
        ],
      }),
    ).toEqual({
      feeBps: 10,
      discounts: [
        { reason: "reputation", bps: 3, appliedBps: 3 },
        { reason: "batch", bps: 9, appliedBps: 7 },
        { reason: "promotion", bps: 5, appliedBps: 0 },
      ],
      discountBps: 10,
      effectiveBps: 0,
    });
  });

  it("caps the total discount at maxDiscountBps, keeping a minimum fee", () => {
    const result = resolveFeeBps({ feeBps: 10, maxDiscountBps: 4, discounts: [{ reason: "batch", bps: 9 }] });
    expect(result.effectiveBps).toBe(6);
    expect(result.discounts).toEqual([{ reason: "batch", bps: 9, appliedBps: 4 }]);
    // A cap above the fee still cannot make the rate negative.
    expect(
      resolveFeeBps({ feeBps: 10, maxDiscountBps: 50, discounts: [{ reason: "batch", bps: 40 }] }).effectiveBps,
    ).toBe(0);
  });

  it("refuses a rate above the escrow's fee cap, which would revert on chain", () => {
    expect(() => resolveFeeBps({ feeBps: 101 })).toThrow(FeeAboveCapError);
    expect(() => resolveFeeBps({ feeBps: 30, feeCapBps: 20 })).toThrow(
      expect.objectContaining({ code: "ENTRADA_FEE_ABOVE_CAP", status: 422, details: { bps: 30, capBps: 20 } }),
    );
    // Discounts that bring the rate under the cap make it acceptable.
    expect(resolveFeeBps({ feeBps: 30, feeCapBps: 20, discounts: [{ reason: "batch", bps: 10 }] }).effectiveBps).toBe(
      20,
    );
  });

  it("rejects invalid basis points, naming the field", () => {
    expect(() => resolveFeeBps({ feeBps: -1 })).toThrow(InvalidBpsError);
    expect(() => resolveFeeBps({ discounts: [{ reason: "batch", bps: 0.5 }] })).toThrow(
      expect.objectContaining({ details: { label: "discounts[0].bps", bps: "0.5" } }),
    );
    expect(() => resolveFeeBps({ maxDiscountBps: 10_001 })).toThrow(InvalidBpsError);
    expect(() => resolveFeeBps({ feeCapBps: Number.NaN })).toThrow(InvalidBpsError);
  });
});
