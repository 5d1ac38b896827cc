import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NegativeAmountError } from "../errors/money.ts";
import { computePlatformFee } from "./computePlatformFee.ts";

const usdc = (amount: bigint) => ({ amount, currency: "USDC" });

describe("computePlatformFee", () => {
  it("charges 0.1 % by default, rounded down", () => {
    expect(computePlatformFee({ visaFee: usdc(20_322_033n) })).toEqual({
      feeBps: 10,
      discounts: [],
      discountBps: 0,
      effectiveBps: 10,
      visaFee: usdc(20_322_033n),
      platformFee: usdc(20_322n),
      total: usdc(20_342_355n),
    });
  });

  it("rounds in the traveller's favour: a fee under one unit is zero", () => {
    expect(computePlatformFee({ visaFee: usdc(999n) }).platformFee).toEqual(usdc(0n));
    expect(computePlatformFee({ visaFee: usdc(1_000n) }).platformFee).toEqual(usdc(1n));
  });

  it("applies discounts to the rate", () => {
    const breakdown = computePlatformFee({
      visaFee: usdc(40_000_000n),
      discounts: [{ reason: "reputation", bps: 5 }],
    });
    expect(breakdown.effectiveBps).toBe(5);
    expect(breakdown.platformFee).toEqual(usdc(20_000n));
    expect(breakdown.total).toEqual(usdc(40_020_000n));
  });

  it("works in any currency, including a zero fee", () => {
    expect(computePlatformFee({ visaFee: { amount: 0n, currency: "EUR" } }).total).toEqual({
      amount: 0n,
      currency: "EUR",
    });
  });

  it("rejects a negative fee", () => {
    expect(() => computePlatformFee({ visaFee: usdc(-1n) })).toThrow(NegativeAmountError);
  });

  it("test_fuzz: equals the escrow's fee * bps / 10000, never exceeds the cap check of a single quote", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 127n }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 3 }),
        (amount, feeBps, discountList) => {
          const { platformFee, total, effectiveBps } = computePlatformFee({
            visaFee: usdc(amount),
            feeBps,
            discounts: discountList.map((bps) => ({ reason: "test", bps })),
          });
          expect(effectiveBps).toBe(Math.max(0, feeBps - discountList.reduce((a, b) => a + b, 0)));
          expect(platformFee.amount).toBe((amount * BigInt(effectiveBps)) / 10_000n);
          expect(total.amount).toBe(amount + platformFee.amount);
          // VisaFeeEscrow._open: platformFee * 10000 <= (amount - platformFee) * feeCapBps, with cap 100.
          expect(platformFee.amount * 10_000n <= (total.amount - platformFee.amount) * 100n).toBe(true);
          expect(platformFee.amount < total.amount).toBe(true);
        },
      ),
    );
  });
});
