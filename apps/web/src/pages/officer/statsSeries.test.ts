import { describe, expect, it } from "vitest";
import { formatMoney } from "../../format/formatMoney.ts";
import { minorUnitsToMoney } from "./minorUnitsToMoney.ts";
import { daySeries, dayTotals, feesReleasedMoney, secondsToHours, stateSeries } from "./statsSeries.ts";

describe("stateSeries", () => {
  it("lists every state the authority sees in life-cycle order, zeros included, then unknown ones", () => {
    expect(stateSeries({ issued: 5, paid: 2, archived: 1 })).toEqual([
      { state: "paid", count: 2 },
      { state: "under_review", count: 0 },
      { state: "needs_info", count: 0 },
      { state: "approved", count: 0 },
      { state: "issued", count: 5 },
      { state: "rejected", count: 0 },
      { state: "refunded", count: 0 },
      { state: "expired", count: 0 },
      { state: "archived", count: 1 },
    ]);
  });
});

describe("daySeries", () => {
  const byDay = [
    { day: "2026-01-03", submitted: 2, paid: 1, decided: 1 },
    { day: "2026-01-02", submitted: 1, paid: 1, decided: 0 },
  ];

  it("sorts the days oldest first", () => {
    expect(daySeries(byDay).map((entry) => entry.day)).toEqual(["2026-01-02", "2026-01-03"]);
  });

  it("fills the window's missing days with zeros", () => {
    expect(daySeries(byDay, { days: 4, today: "2026-01-04" })).toEqual([
      { day: "2026-01-01", submitted: 0, paid: 0, decided: 0 },
      { day: "2026-01-02", submitted: 1, paid: 1, decided: 0 },
      { day: "2026-01-03", submitted: 2, paid: 1, decided: 1 },
      { day: "2026-01-04", submitted: 0, paid: 0, decided: 0 },
    ]);
  });

  it("totals the window", () => {
    expect(dayTotals(byDay)).toEqual({ submitted: 3, paid: 2, decided: 1 });
  });
});

describe("fees released", () => {
  it("turns minor units into exact money, with the token's decimals", () => {
    const fees = feesReleasedMoney(
      [
        { token: "USDC", amount: "20342355" },
        { token: "USDT", amount: "5" },
      ],
      (token) => (token === "USDC" ? 6 : undefined),
    );
    expect(fees).toEqual([
      { amount: "20342355", currency: "USDC", formatted: "20.342355" },
      { amount: "5", currency: "USDT", formatted: "0.000005" },
    ]);
    expect(fees.map((money) => formatMoney(money, "en", { precision: "exact" }))).toEqual([
      "20.342355 USDC",
      "0.000005 USDT",
    ]);
    expect(formatMoney(fees[0]!, "es", { precision: "exact" })).toBe("20,342355 USDC");
    expect(fees.map((money) => formatMoney(money, "en"))).toEqual(["20.34 USDC", "0.00 USDT"]);
  });

  it("keeps amounts beyond float precision exact", () => {
    expect(minorUnitsToMoney("123456789012345678901", "USDC", 6).formatted).toBe("123456789012345.678901");
    expect(minorUnitsToMoney("0", "USDC", 6).formatted).toBe("0.000000");
    expect(minorUnitsToMoney("1600", "JPY", 0).formatted).toBe("1600");
    expect(() => minorUnitsToMoney("1.5", "USDC", 6)).toThrow();
  });
});

describe("secondsToHours", () => {
  it("rounds to a tenth of an hour and keeps no value as null", () => {
    expect(secondsToHours(5400)).toBe(1.5);
    expect(secondsToHours(3600 * 26 + 100)).toBe(26);
    expect(secondsToHours(0)).toBe(0);
    expect(secondsToHours(null)).toBeNull();
  });
});
