import { describe, expect, it } from "vitest";
import * as core from "../index.ts";
import type { PriceAttempt } from "../quotes/readFreshPrice.ts";
import { BaseError } from "./BaseError.ts";
import { errorCodes } from "./errorCodes.ts";

const attempts: PriceAttempt[] = [{ source: "chainlink", outcome: "stale", updatedAt: 1 }];

/** One instance of every error class the package exports; a new class must be added here. */
const samples: Record<string, BaseError> = {
  BaseError: new core.BaseError("x"),
  InvalidAmountError: new core.InvalidAmountError({ value: "x", currency: "USD" }),
  TooManyDecimalsError: new core.TooManyDecimalsError({ value: "1.001", currency: "USD", exponent: 2 }),
  NegativeAmountError: new core.NegativeAmountError({ value: "-1", currency: "USD" }),
  UnknownCurrencyError: new core.UnknownCurrencyError({ currency: "XYZ" }),
  CurrencyMismatchError: new core.CurrencyMismatchError({ expected: "USD", received: "EUR" }),
  InvalidRateError: new core.InvalidRateError({ numerator: 0n, denominator: 1n }),
  DivisionByZeroError: new core.DivisionByZeroError({ numerator: 1n }),
  InvalidBpsError: new core.InvalidBpsError({ bps: -1 }),
  FeeAboveCapError: new core.FeeAboveCapError({ bps: 200, capBps: 100 }),
  EmptyBatchError: new core.EmptyBatchError(),
  StaleRateError: new core.StaleRateError({ pair: "GBP/USD", maxStalenessSeconds: 60, attempts }),
  MissingRateError: new core.MissingRateError({ pair: "GBP/USD", attempts: [] }),
  QuoteExpiredError: new core.QuoteExpiredError({ expiresAt: 1, now: 2 }),
  UnsupportedTokenError: new core.UnsupportedTokenError({ token: "DAI", supported: ["USDC"] }),
  NothingToPayError: new core.NothingToPayError({ currency: "EUR" }),
  InvalidQuoteConfigError: new core.InvalidQuoteConfigError({ setting: "lockSeconds", value: 0, expected: "> 0" }),
  IllegalTransitionError: new core.IllegalTransitionError({ state: "draft", event: "approve" }),
  TransitionForbiddenError: new core.TransitionForbiddenError({ event: "approve", role: "traveller", allowed: [] }),
  TransitionReasonRequiredError: new core.TransitionReasonRequiredError({ event: "reject" }),
  UnknownAuthorityError: new core.UnknownAuthorityError({ authorityId: "xx" }),
  UnknownProductError: new core.UnknownProductError({ productId: "xx" }),
  InvalidCatalogueError: new core.InvalidCatalogueError({ problems: ["x"] }),
  InvalidCountryCodeError: new core.InvalidCountryCodeError({ field: "nationality", value: "UK", format: "alpha-3" }),
  InvalidDateError: new core.InvalidDateError({ field: "travelDate", value: "x" }),
};

describe("errorCodes", () => {
  it("has a sample of every exported error class", () => {
    const exported = Object.entries(core)
      .filter(
        ([, value]) => typeof value === "function" && (value === BaseError || value.prototype instanceof BaseError),
      )
      .map(([name]) => name)
      .sort();
    expect(Object.keys(samples).sort()).toEqual(exported);
  });

  it.each(Object.entries(samples))("%s has a fixed name and a registered code with its status", (name, error) => {
    expect(error).toBeInstanceOf(BaseError);
    expect(error.name).toBe(name);
    expect(Object.hasOwn(errorCodes, error.code)).toBe(true);
    expect(error.status).toBe(errorCodes[error.code].status);
    // Details go to API clients as JSON: they must survive a round trip unchanged.
    expect(JSON.parse(JSON.stringify(error.details))).toEqual(error.details);
  });

  it("registers no code that nothing throws, and gives each class its own code", () => {
    const used = Object.values(samples).map((error) => error.code);
    expect(new Set(used).size).toBe(used.length);
    expect([...used].sort()).toEqual(Object.keys(errorCodes).sort());
  });

  it("names every code ENTRADA_… in capitals, with an HTTP error status and a description", () => {
    for (const [code, { status, description }] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^ENTRADA_[A-Z0-9_]+$/);
      expect(status >= 400 && status <= 599).toBe(true);
      expect(description.length).toBeGreaterThan(20);
    }
  });
});
