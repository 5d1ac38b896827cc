import { decodeFunctionData, getAddress, maxUint64, maxUint128, toFunctionSelector } from "viem";
import { describe, expect, it } from "vitest";
import { type EscrowQuote, encodeSettlementCall, toEscrowRecord, toReleaseManyItem } from "./encodeSettlementCall.ts";
import { VisaFeeEscrow } from "./generated/VisaFeeEscrow.ts";

const quote: EscrowQuote = {
  applicationId: "0x5c0ffee05c0ffee05c0ffee05c0ffee05c0ffee05c0ffee05c0ffee05c0ffee0",
  authorityId: "0x67622d6574610000000000000000000000000000000000000000000000000000",
  token: getAddress("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"),
  payer: getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
  amount: 40_040_000n,
  platformFee: 40_000n,
  decisionDeadline: 1_900_000_000n,
  expiresAt: 1_899_000_000n,
};

describe("toEscrowRecord", () => {
  it("packs token and decision deadline, payer and expiry, amount and platform fee into one word each", () => {
    expect(toEscrowRecord(quote)).toEqual({
      applicationId: quote.applicationId,
      authorityId: quote.authorityId,
      // 1_900_000_000 = 0x713fb300, 1_899_000_000 = 0x713070c0; 40_040_000 = 0x262f640, 40_000 = 0x9c40
      tokenAndDecisionDeadline: 0x713fb300a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48n,
      payerAndExpiresAt: 0x713070c070997970c51812dc3a010c7d01b50e0d17dc79c8n,
      amountAndPlatformFee: 0x262f640_00000000000000000000000000009c40n,
    });
  });

  it("takes the largest values the escrow accepts and refuses larger ones", () => {
    const largest = { ...quote, amount: maxUint128, platformFee: maxUint128, decisionDeadline: maxUint64 };
    const record = toEscrowRecord(largest);
    expect(record.amountAndPlatformFee).toBe(2n ** 256n - 1n);
    expect(record.tokenAndDecisionDeadline >> 160n).toBe(maxUint64);
    expect(() => toEscrowRecord({ ...quote, amount: maxUint128 + 1n })).toThrow(RangeError);
    expect(() => toEscrowRecord({ ...quote, platformFee: -1n })).toThrow(RangeError);
    expect(() => toEscrowRecord({ ...quote, expiresAt: maxUint64 + 1n })).toThrow(RangeError);
  });
});

describe("toReleaseManyItem", () => {
  it("is the record without the shared authority and token, with the deadline on its own", () => {
    const record = toEscrowRecord(quote);
    expect(toReleaseManyItem(quote)).toEqual({
      applicationId: quote.applicationId,
      payerAndExpiresAt: record.payerAndExpiresAt,
      amountAndPlatformFee: record.amountAndPlatformFee,
      decisionDeadline: quote.decisionDeadline,
    });
  });
});

describe("encodeSettlementCall", () => {
  it.each([
    ["release", "releaseEscrowByAuthority", "0x011ee697"],
    ["refund", "refundPaymentFee", "0x0152434d"],
    ["claimExpired", "claimExpired", "0x425cf6e0"],
  ] as const)("encodes %s as %s (%s) with the packed record", (kind, name, selector) => {
    const data = encodeSettlementCall(kind, quote);
    expect(data.slice(0, 10)).toBe(toFunctionSelector(`${name}((bytes32,bytes32,uint256,uint256,uint256))`));
    expect(data.slice(0, 10)).toBe(selector);
    // Selector and five words: three fewer than the quote's eight.
    expect((data.length - 2) / 2).toBe(4 + 5 * 32);
    expect(decodeFunctionData({ abi: VisaFeeEscrow.abi, data })).toEqual({
      functionName: name,
      args: [toEscrowRecord(quote)],
    });
  });
});

describe("dispatch order", () => {
  it("gives the settlement calls made most often the lowest selectors, tested first by the IR dispatch", () => {
    const selectors = VisaFeeEscrow.abi
      .filter((item) => item.type === "function")
      .map((item) => [toFunctionSelector(item), item.name] as const)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, name]) => name);
    expect(selectors.slice(0, 3)).toEqual(["releaseEscrowByAuthority", "refundPaymentFee", "releaseEscrowMany"]);
  });
});
