import { describe, expect, it } from "vitest";
import { UnknownCurrencyError } from "../errors/money.ts";
import { currencies, getCurrency, isTokenSymbol, tokenSymbols } from "./currencies.ts";

describe("currencies", () => {
  it("holds ISO 4217 exponents for fiat and ERC-20 decimals for tokens", () => {
    expect(Object.fromEntries(Object.values(currencies).map((c) => [c.code, c.exponent]))).toMatchInlineSnapshot(`
      {
        "AED": 2,
        "AUD": 2,
        "BRL": 2,
        "CAD": 2,
        "CHF": 2,
        "CNY": 2,
        "EUR": 2,
        "GBP": 2,
        "INR": 2,
        "JPY": 0,
        "KES": 2,
        "KWD": 3,
        "MXN": 2,
        "SGD": 2,
        "THB": 2,
        "TRY": 2,
        "USD": 2,
        "USDC": 6,
        "USDT": 6,
      }
    `);
  });

  it("keys every entry by its own code", () => {
    for (const [key, currency] of Object.entries(currencies)) expect(currency.code).toBe(key);
  });

  it("lists USDC and USDT as the tokens", () => {
    expect(tokenSymbols).toEqual(["USDC", "USDT"]);
    expect(isTokenSymbol("USDC")).toBe(true);
    expect(isTokenSymbol("USD")).toBe(false);
  });

  it("throws UnknownCurrencyError for unknown codes, including Object.prototype names", () => {
    expect(getCurrency("KWD")).toEqual({ code: "KWD", exponent: 3, kind: "fiat", name: "Kuwaiti dinar" });
    for (const code of ["XYZ", "usd", "", "toString", "__proto__", "constructor"]) {
      expect(() => getCurrency(code)).toThrow(UnknownCurrencyError);
    }
  });
});
