import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EmptyBatchError } from "../errors/fee.ts";
import { CurrencyMismatchError, NegativeAmountError } from "../errors/money.ts";
import { computeBatchPlatformFee } from "./computeBatchPlatformFee.ts";
import { computePlatformFee } from "./computePlatformFee.ts";

const usdc = (amount: bigint) => ({ amount, currency: "USDC" });

describe("computeBatchPlatformFee", () => {
  it("rounds each application's fee down on its own, as payBatch does", () => {
    expect(computeBatchPlatformFee({ visaFees: [usdc(1_999n), usdc(1_999n)], feeBps: 10 })).toEqual({
      feeBps: 10,
      discounts: [],
      discountBps: 0,
      effectiveBps: 10,
      items: [
        { visaFee: usdc(1_999n), platformFee: usdc(1n) },
        { visaFee: usdc(1_999n), platformFee: usdc(1n) },
      ],
      visaFee: usdc(3_998n),
      // Not 3n, the fee of the sum: the contract pulls Σ (fee + fee * bps / 10000).
      platformFee: usdc(2n),
      total: usdc(4_000n),
    });
  });

  it("uses one discounted rate for the whole batch", () => {
    const batch = computeBatchPlatformFee({
      visaFees: [usdc(40_000_000n), usdc(25_000_000n)],
      discounts: [{ reason: "batch", bps: 4 }],
    });
    expect(batch.effectiveBps).toBe(6);
    expect(batch.items.map((item) => item.platformFee.amount)).toEqual([24_000n, 15_000n]);
    expect(batch.total).toEqual(usdc(65_039_000n));
  });

  it("rejects an empty batch, mixed currencies and negative fees", () => {
    expect(() => computeBatchPlatformFee({ visaFees: [] })).toThrow(EmptyBatchError);
    expect(() => computeBatchPlatformFee({ visaFees: [usdc(1n), { amount: 1n, currency: "USDT" }] })).toThrow(
      CurrencyMismatchError,
    );
    expect(() => computeBatchPlatformFee({ visaFees: [usdc(-1n)] })).toThrow(NegativeAmountError);
  });

  it("test_fuzz: total is what the escrow's _storeBatchItems sums, and each item equals a single quote", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 2n ** 56n - 1n }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 100 }),
        (fees, bps) => {
          const batch = computeBatchPlatformFee({ visaFees: fees.map(usdc), feeBps: bps });
          // Solidity: total += fee + (fee * platformFeeBps) / _BPS
          const onChain = fees.reduce((total, fee) => total + fee + (fee * BigInt(bps)) / 10_000n, 0n);
          expect(batch.total.amount).toBe(onChain);
          batch.items.forEach((item, i) => {
            expect(item.platformFee).toEqual(computePlatformFee({ visaFee: usdc(fees[i]!), feeBps: bps }).platformFee);
          });
        },
      ),
    );
  });
});
