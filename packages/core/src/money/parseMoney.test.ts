import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  InvalidAmountError,
  NegativeAmountError,
  TooManyDecimalsError,
  UnknownCurrencyError,
} from "../errors/money.ts";
import { currencies } from "./currencies.ts";
import { formatMoney } from "./formatMoney.ts";
import { parseMoney } from "./parseMoney.ts";

const codes = Object.keys(currencies);

describe("parseMoney", () => {
  it.each([
    ["16.00", "GBP", 1600n],
    ["16", "GBP", 1600n],
    ["16.5", "GBP", 1650n],
    ["0.01", "USD", 1n],
    ["0", "EUR", 0n],
    ["016.00", "GBP", 1600n],
    ["3000", "JPY", 3000n],
    ["1.005", "KWD", 1005n],
    ["40", "USDC", 40_000_000n],
    ["0.000001", "USDT", 1n],
    ["1000.00", "THB", 100000n],
    ["123456789012345678901234567890.99", "USD", 12345678901234567890123456789099n],
  ])("parses %s %s into %i minor units", (value, currency, amount) => {
    expect(parseMoney(value, currency)).toEqual({ amount, currency });
  });

  it("accepts a negative amount only when allowed", () => {
    expect(parseMoney("-1.50", "USD", { allowNegative: true })).toEqual({ amount: -150n, currency: "USD" });
    expect(() => parseMoney("-1.50", "USD")).toThrow(NegativeAmountError);
    expect(() => parseMoney("-0", "USD")).toThrow(NegativeAmountError);
  });

  it.each([
    ["16.001", "GBP"],
    ["16.000", "GBP"],
    ["1.0", "JPY"],
    ["0.0001", "KWD"],
    ["1.0000001", "USDC"],
  ])("rejects %s %s as too many decimals (never rounds)", (value, currency) => {
    expect(() => parseMoney(value, currency)).toThrow(TooManyDecimalsError);
  });

  it.each([
    "",
    " 16.00",
    "16.00 ",
    "+16",
    "16.",
    ".5",
    "1,000.00",
    "1 000",
    "1e3",
    "0x10",
    "16,00",
    "NaN",
    "Infinity",
    "--1",
    "1.2.3",
    "١٦",
    "1234567890123456789012345678901",
  ])("rejects %j as not an amount", (value) => {
    expect(() => parseMoney(value, "USD")).toThrow(InvalidAmountError);
  });

  it("names the problem with a stable code", () => {
    let error: unknown;
    try {
      parseMoney("16.001", "GBP");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TooManyDecimalsError);
    expect(error).toMatchObject({
      code: "ENTRADA_MONEY_TOO_MANY_DECIMALS",
      status: 400,
      shortMessage: 'GBP amounts have at most 2 decimals; got "16.001".',
      details: { value: "16.001", currency: "GBP", exponent: 2 },
    });
  });

  it("rejects an unknown currency before looking at the amount", () => {
    expect(() => parseMoney("garbage", "XYZ")).toThrow(UnknownCurrencyError);
  });

  it("test_fuzz: parse(format(m)) = m for every amount and currency", () => {
    fc.assert(
      // parseMoney accepts at most 30 integer digits; JPY (exponent 0) reaches that at 10^30.
      fc.property(
        fc.bigInt({ min: -(10n ** 30n) + 1n, max: 10n ** 30n - 1n }),
        fc.constantFrom(...codes),
        (amount, currency) => {
          const money = { amount, currency };
          expect(parseMoney(formatMoney(money), currency, { allowNegative: true })).toEqual(money);
        },
      ),
    );
  });

  it("test_fuzz: format(parse(s)) = s for every canonical decimal string", () => {
    const canonical = fc.constantFrom(...codes).chain((currency) => {
      const exponent = currencies[currency as keyof typeof currencies].exponent;
      const integer = fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9][0-9]{0,20}$/));
      const fraction = fc.stringMatching(new RegExp(`^[0-9]{${exponent}}$`));
      return fc.tuple(fc.boolean(), integer, fraction).map(([negative, i, f]) => ({
        currency,
        value: `${negative && (i !== "0" || /[1-9]/.test(f)) ? "-" : ""}${i}${exponent > 0 ? `.${f}` : ""}`,
      }));
    });
    fc.assert(
      fc.property(canonical, ({ currency, value }) => {
        expect(formatMoney(parseMoney(value, currency, { allowNegative: true }))).toBe(value);
      }),
    );
  });
});
