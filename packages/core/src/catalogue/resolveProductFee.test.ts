import { describe, expect, it } from "vitest";
import { InvalidDateError } from "../errors/catalogue.ts";
import { resolveProductFee } from "./resolveProductFee.ts";
import { seedCatalogue } from "./seed.ts";

const catalogue = seedCatalogue();
const etias = catalogue.product("eu-etias");
const today = "2026-11-02";

describe("resolveProductFee", () => {
  it("charges the product's fee by default", () => {
    expect(resolveProductFee(etias, { nationality: "GBR", today })).toEqual({
      fee: { amount: 2000n, currency: "EUR" },
    });
  });

  it("charges a nationality's published fee where there is one", () => {
    const oneYear = catalogue.product("in-etourist-1y");
    expect(resolveProductFee(oneYear, { nationality: "JPN", today }).fee).toEqual({ amount: 2500n, currency: "USD" });
    expect(resolveProductFee(oneYear, { nationality: "USA", today }).fee).toEqual({ amount: 4000n, currency: "USD" });
    expect(resolveProductFee(oneYear, { nationality: "constructor", today }).fee).toEqual({
      amount: 4000n,
      currency: "USD",
    });
  });

  it("waives ETIAS below 18 and above 70 in completed years on the day of application", () => {
    const fee = (birthDate: string) => resolveProductFee(etias, { nationality: "USA", birthDate, today });
    expect(fee("2008-11-03")).toMatchObject({
      fee: { amount: 0n, currency: "EUR" },
      waiver: { code: "age_under", age: 18 },
    });
    expect(fee("2008-11-02")).toEqual({ fee: { amount: 2000n, currency: "EUR" } });
    expect(fee("1956-11-02")).toEqual({ fee: { amount: 2000n, currency: "EUR" } }); // 70 today
    expect(fee("1955-11-03")).toEqual({ fee: { amount: 2000n, currency: "EUR" } }); // 70 until tomorrow
    expect(fee("1955-11-02")).toMatchObject({ fee: { amount: 0n }, waiver: { code: "age_over", age: 70 } }); // 71
  });

  it("ignores the birth date for products without waivers, and rejects a malformed one", () => {
    expect(
      resolveProductFee(catalogue.product("gb-eta"), { nationality: "USA", birthDate: "2015-01-01", today }).fee.amount,
    ).toBe(1600n);
    expect(() => resolveProductFee(etias, { nationality: "USA", birthDate: "2015-13-01", today })).toThrow(
      InvalidDateError,
    );
  });
});
