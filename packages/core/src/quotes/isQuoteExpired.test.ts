import { describe, expect, it } from "vitest";
import { isQuoteExpired } from "./isQuoteExpired.ts";

describe("isQuoteExpired", () => {
  const quote = { expiresAt: 1_767_226_500 };

  it("is payable until the second before expiresAt, as the escrow (block.timestamp >= expiresAt reverts)", () => {
    expect(isQuoteExpired(quote, new Date(1_767_226_499_000))).toBe(false);
    expect(isQuoteExpired(quote, new Date(1_767_226_499_999))).toBe(false);
    expect(isQuoteExpired(quote, new Date(1_767_226_500_000))).toBe(true);
  });
});
