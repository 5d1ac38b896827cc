import { describe, expect, it } from "vitest";
import {
  formatCountdown,
  formatDate,
  formatDecimal,
  formatMoney,
  formatNumber,
  formatPercentBps,
  isRounded,
} from "./formatMoney.ts";
import { moneyFromMinorUnits } from "./moneyFromMinorUnits.ts";

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

  it("shows a stablecoin to the cent, like a currency, in each language's style", () => {
    expect([formatMoney(usdc, "en"), formatMoney(usdc, "zh"), formatMoney(usdc, "es")]).toMatchInlineSnapshot(`
      [
        "20.34 USDC",
        "20.34 USDC",
        "20,34 USDC",
      ]
    `);
    expect(formatMoney({ amount: "1000000000", currency: "USDT", formatted: "1000.000000" }, "es")).toBe(
      "1000,00 USDT",
    );
    expect(formatMoney({ amount: "12000000000", currency: "USDT", formatted: "12000.000000" }, "es")).toBe(
      "12.000,00 USDT",
    );
  });

  it("keeps every stablecoin digit when exact, without float rounding", () => {
    expect(formatMoney(usdc, "en", { precision: "exact" })).toBe("20.342355 USDC");
    expect(
      formatMoney({ amount: "9007199254740993", currency: "USDC", formatted: "9007199254.740993" }, "en", {
        precision: "exact",
      }),
    ).toBe("9,007,199,254.740993 USDC");
    expect(formatMoney(usdc, "es", { precision: "exact" })).toBe("20,342355 USDC");
    expect(
      formatMoney({ amount: "20000000", currency: "USDC", formatted: "20.000000" }, "en", { precision: "exact" }),
    ).toBe("20.00 USDC");
  });

  it("knows when the cent hides digits", () => {
    expect(isRounded(usdc)).toBe(true);
    expect(isRounded({ amount: "20340000", currency: "USDC", formatted: "20.340000" })).toBe(false);
    expect(isRounded(gbp)).toBe(false);
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

describe("numbers, rates, percentages and countdowns", () => {
  it("writes a feed's rate with the language's decimal sign", () => {
    expect([formatDecimal("1.27", "en"), formatDecimal("1.27", "zh"), formatDecimal("1.27", "es")]).toEqual([
      "1.27",
      "1.27",
      "1,27",
    ]);
    expect(formatDecimal("0.00012345", "es")).toBe("0,00012345");
  });

  it("groups counts as the language does", () => {
    expect([formatNumber(12_500, "en"), formatNumber(12_500, "zh"), formatNumber(12_500, "es")]).toEqual([
      "12,500",
      "12,500",
      "12.500",
    ]);
    expect(formatNumber(10n ** 20n, "en")).toBe("100,000,000,000,000,000,000");
  });

  it("writes basis points as a percentage", () => {
    expect([formatPercentBps(10, "en"), formatPercentBps(10, "es"), formatPercentBps(125, "zh")]).toEqual([
      "0.1%",
      "0,1 %",
      "1.25%",
    ]);
  });

  it("counts down in minutes and seconds, with hours past an hour", () => {
    expect([
      formatCountdown(845, "zh"),
      formatCountdown(59, "es"),
      formatCountdown(3723, "en"),
      formatCountdown(-3, "en"),
    ]).toEqual(["14:05", "0:59", "1:02:03", "0:00"]);
  });
});

describe("moneyFromMinorUnits", () => {
  it("cuts the decimal from the digits, exactly", () => {
    expect(moneyFromMinorUnits(1_000_000_000n, "USDC", 6)).toEqual({
      amount: "1000000000",
      currency: "USDC",
      formatted: "1000.000000",
    });
    expect(moneyFromMinorUnits("5", "USDT", 6).formatted).toBe("0.000005");
    expect(moneyFromMinorUnits(-1_500n, "GBP", 2).formatted).toBe("-15.00");
    expect(moneyFromMinorUnits(100_000_000_000_000_000n, "ETH", 18).formatted).toBe("0.100000000000000000");
    expect(moneyFromMinorUnits(7n, "JPY", 0).formatted).toBe("7");
  });
});
