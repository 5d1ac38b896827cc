import { describe, expect, it } from "vitest";
import { formatDate, formatMoney } from "./formatMoney.ts";

describe("formatMoney", () => {
  const gbp = { amount: "1600", currency: "GBP", formatted: "16.00" };
  const usdc = { amount: "20342355", currency: "USDC", formatted: "20.342355" };

  it("formats a fiat fee in each language's style", () => {
    expect([formatMoney(gbp, "en"), formatMoney(gbp, "zh"), formatMoney(gbp, "es")]).toMatchInlineSnapshot(`
      [
        "£16.00",
        "£16.00",
        "16,00 GBP",
      ]
    `);
  });

  it("keeps every stablecoin digit, without float rounding", () => {
    expect(formatMoney(usdc, "en")).toBe("20.342355 USDC");
    expect(formatMoney({ amount: "9007199254740993", currency: "USDC", formatted: "9007199254.740993" }, "en")).toBe(
      "9,007,199,254.740993 USDC",
    );
    expect(formatMoney(usdc, "es")).toBe("20,342355 USDC");
  });

  it("formats calendar dates without shifting the day by time zone", () => {
    expect([
      formatDate("2031-01-01", "en"),
      formatDate("2031-01-01", "zh"),
      formatDate("2031-01-01", "es"),
    ]).toMatchInlineSnapshot(`
        [
          "Jan 1, 2031",
          "2031年1月1日",
          "1 ene 2031",
        ]
      `);
  });
});
