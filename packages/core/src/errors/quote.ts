import type { PriceAttempt } from "../quotes/readFreshPrice.ts";
import { BaseError } from "./BaseError.ts";

/**
 * Every source answered for the pair, but none recently enough: Entrada never quotes on stale data.
 *
 * @example
 * await quotes.quote({ visaFee, token: "USDC" }) // throws StaleRateError (ENTRADA_RATE_STALE, 503) naming "GBP/USD"
 */
export class StaleRateError extends BaseError {
  override name = "StaleRateError" as const;
  readonly pair: string;
  readonly attempts: readonly PriceAttempt[];
  constructor({
    pair,
    maxStalenessSeconds,
    attempts,
  }: { pair: string; maxStalenessSeconds: number; attempts: readonly PriceAttempt[] }) {
    super(`The ${pair} rate is stale at every source; no quote can be made now.`, {
      code: "ENTRADA_RATE_STALE",
      details: { pair, maxStalenessSeconds, attempts: attempts.map(attemptDetails) },
      metaMessages: attempts.map(describeAttempt),
    });
    this.pair = pair;
    this.attempts = attempts;
  }
}

/**
 * No source has a usable answer for the pair (no feed, a failing source, or a non-positive answer).
 *
 * @example
 * await quotes.quote({ visaFee: { amount: 100n, currency: "JPY" }, token: "USDC" }) // throws MissingRateError naming "JPY/USD"
 */
export class MissingRateError extends BaseError {
  override name = "MissingRateError" as const;
  readonly pair: string;
  readonly attempts: readonly PriceAttempt[];
  constructor({ pair, attempts, cause }: { pair: string; attempts: readonly PriceAttempt[]; cause?: unknown }) {
    super(`No source has a usable ${pair} rate; no quote can be made now.`, {
      code: "ENTRADA_RATE_UNAVAILABLE",
      details: { pair, attempts: attempts.map(attemptDetails) },
      metaMessages: attempts.length > 0 ? attempts.map(describeAttempt) : ["No price source is configured."],
      cause,
    });
    this.pair = pair;
    this.attempts = attempts;
  }
}

/**
 * A quote is used after its lock time.
 *
 * @example
 * if (isQuoteExpired(quote, new Date())) throw new QuoteExpiredError({ expiresAt: quote.expiresAt, now })
 */
export class QuoteExpiredError extends BaseError {
  override name = "QuoteExpiredError" as const;
  constructor({ expiresAt, now }: { expiresAt: number; now: number }) {
    super(`The quote expired ${now - expiresAt} s ago; request a new one.`, {
      code: "ENTRADA_QUOTE_EXPIRED",
      details: { expiresAt, now },
    });
  }
}

/**
 * A fee is to be paid in something that is not a supported stablecoin.
 *
 * @example
 * await quotes.quote({ visaFee, token: "DAI" }) // throws UnsupportedTokenError (ENTRADA_TOKEN_UNSUPPORTED)
 */
export class UnsupportedTokenError extends BaseError {
  override name = "UnsupportedTokenError" as const;
  constructor({ token, supported }: { token: string; supported: readonly string[] }) {
    super(`Fees cannot be paid in "${token.slice(0, 32)}"; use ${supported.join(" or ")}.`, {
      code: "ENTRADA_TOKEN_UNSUPPORTED",
      details: { token: token.slice(0, 32), supported },
    });
  }
}

/**
 * A quote for a zero fee: the escrow refuses zero amounts, and there is nothing to hold anyway.
 *
 * @example
 * await quotes.quote({ visaFee: { amount: 0n, currency: "EUR" }, token: "USDC" }) // throws NothingToPayError
 */
export class NothingToPayError extends BaseError {
  override name = "NothingToPayError" as const;
  constructor({ currency }: { currency: string }) {
    super("The fee is zero, so there is nothing to pay.", {
      code: "ENTRADA_QUOTE_NOTHING_TO_PAY",
      details: { currency },
    });
  }
}

/**
 * The quote service got an impossible setting; thrown at start-up, not per request.
 *
 * @example
 * createQuoteService({ sources, lockSeconds: 0, maxStalenessSeconds: 3600, decisionWindow: 86_400 }) // throws
 */
export class InvalidQuoteConfigError extends BaseError {
  override name = "InvalidQuoteConfigError" as const;
  constructor({ setting, value, expected }: { setting: string; value: unknown; expected: string }) {
    super(`Quote service setting "${setting}" must be ${expected}; got ${String(value)}.`, {
      code: "ENTRADA_QUOTE_CONFIG_INVALID",
      details: { setting, value: String(value), expected },
    });
  }
}

function attemptDetails(attempt: PriceAttempt): { [key: string]: string | number } {
  return {
    source: attempt.source,
    outcome: attempt.outcome,
    ...(attempt.updatedAt === undefined ? {} : { updatedAt: attempt.updatedAt }),
  };
}

function describeAttempt(attempt: PriceAttempt): string {
  const when = attempt.updatedAt === undefined ? "" : ` (updated at ${attempt.updatedAt})`;
  return `- ${attempt.source}: ${attempt.outcome}${when}`;
}
