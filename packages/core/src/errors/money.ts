import { BaseError } from "./BaseError.ts";

/**
 * A string is not a plain decimal amount.
 *
 * @example
 * parseMoney("1,000.00", "GBP") // throws InvalidAmountError (ENTRADA_MONEY_INVALID)
 */
export class InvalidAmountError extends BaseError {
  override name = "InvalidAmountError" as const;
  constructor({ value, currency }: { value: string; currency: string }) {
    super(`"${truncate(value)}" is not an amount of ${currency}.`, {
      code: "ENTRADA_MONEY_INVALID",
      details: { value: truncate(value), currency },
      metaMessages: ['Write amounts as digits with an optional dot and decimals, for example "16.00".'],
    });
  }
}

/**
 * An amount has more decimals than its currency's minor unit.
 *
 * @example
 * parseMoney("16.001", "GBP") // throws TooManyDecimalsError (ENTRADA_MONEY_TOO_MANY_DECIMALS)
 */
export class TooManyDecimalsError extends BaseError {
  override name = "TooManyDecimalsError" as const;
  constructor({ value, currency, exponent }: { value: string; currency: string; exponent: number }) {
    super(
      `${currency} amounts have at most ${exponent} decimal${exponent === 1 ? "" : "s"}; got "${truncate(value)}".`,
      {
        code: "ENTRADA_MONEY_TOO_MANY_DECIMALS",
        details: { value: truncate(value), currency, exponent },
      },
    );
  }
}

/**
 * A negative amount where only zero or more is allowed.
 *
 * @example
 * parseMoney("-1.00", "USD") // throws NegativeAmountError (ENTRADA_MONEY_NEGATIVE)
 */
export class NegativeAmountError extends BaseError {
  override name = "NegativeAmountError" as const;
  constructor({ value, currency }: { value: string; currency: string }) {
    super(`The amount must not be negative; got ${truncate(value)} ${currency}.`, {
      code: "ENTRADA_MONEY_NEGATIVE",
      details: { value: truncate(value), currency },
    });
  }
}

/**
 * A currency or token that is not in the registry.
 *
 * @example
 * getCurrency("XYZ") // throws UnknownCurrencyError (ENTRADA_CURRENCY_UNKNOWN)
 */
export class UnknownCurrencyError extends BaseError {
  override name = "UnknownCurrencyError" as const;
  constructor({ currency }: { currency: string }) {
    super(`Unknown currency "${truncate(currency)}".`, {
      code: "ENTRADA_CURRENCY_UNKNOWN",
      details: { currency: truncate(currency) },
    });
  }
}

/**
 * Two amounts in different currencies were combined.
 *
 * @example
 * addMoney({ amount: 1n, currency: "GBP" }, { amount: 1n, currency: "USD" }) // throws CurrencyMismatchError
 */
export class CurrencyMismatchError extends BaseError {
  override name = "CurrencyMismatchError" as const;
  constructor({ expected, received }: { expected: string; received: string }) {
    super(`Cannot combine ${received} with ${expected}; convert first.`, {
      code: "ENTRADA_CURRENCY_MISMATCH",
      details: { expected, received },
    });
  }
}

/**
 * A rate with a zero or negative term, or a feed answer with impossible decimals.
 *
 * @example
 * createRate(0n, 1n) // throws InvalidRateError (ENTRADA_RATE_INVALID)
 */
export class InvalidRateError extends BaseError {
  override name = "InvalidRateError" as const;
  constructor(parameters: { numerator: bigint; denominator: bigint } | { answer: bigint; decimals: number }) {
    const [shortMessage, details] =
      "decimals" in parameters
        ? [
            `A feed answer needs 0-255 whole decimals; got ${parameters.decimals}.`,
            { answer: parameters.answer.toString(), decimals: String(parameters.decimals) },
          ]
        : [
            `A rate must be positive; got ${parameters.numerator}/${parameters.denominator}.`,
            { numerator: parameters.numerator.toString(), denominator: parameters.denominator.toString() },
          ];
    super(shortMessage, { code: "ENTRADA_RATE_INVALID", details });
  }
}

/**
 * A division by zero in a money computation.
 *
 * @example
 * roundDiv(1n, 0n, "floor") // throws DivisionByZeroError (ENTRADA_DIVISION_BY_ZERO)
 */
export class DivisionByZeroError extends BaseError {
  override name = "DivisionByZeroError" as const;
  constructor({ numerator }: { numerator: bigint }) {
    super(`Cannot divide ${numerator} by zero.`, {
      code: "ENTRADA_DIVISION_BY_ZERO",
      details: { numerator: numerator.toString() },
    });
  }
}

/** User input ends up in messages and logs: keep a hostile megabyte string out of both. */
function truncate(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}…` : value;
}
