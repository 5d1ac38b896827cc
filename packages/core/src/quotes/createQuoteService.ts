import { EmptyBatchError } from "../errors/fee.ts";
import { CurrencyMismatchError, NegativeAmountError } from "../errors/money.ts";
import { InvalidQuoteConfigError, NothingToPayError, UnsupportedTokenError } from "../errors/quote.ts";
import { computeBatchPlatformFee } from "../fees/computeBatchPlatformFee.ts";
import { computePlatformFee } from "../fees/computePlatformFee.ts";
import { type Discount, type ResolveFeeBpsReturnType, resolveFeeBps } from "../fees/resolveFeeBps.ts";
import { convertMoney } from "../money/convertMoney.ts";
import { getCurrency, isTokenSymbol, type TokenSymbol, tokenSymbols } from "../money/currencies.ts";
import { formatMoney } from "../money/formatMoney.ts";
import type { Money } from "../money/Money.ts";
import { createRate, invertRate, multiplyRates, type Rate, rateFromAnswer } from "../money/Rate.ts";
import type { PricePair, PriceSource } from "./PriceSource.ts";
import { type FreshPrice, readFreshPrice } from "./readFreshPrice.ts";

/** How old a price may be, in seconds: one limit for all pairs, or a default with per-pair limits. */
export type MaxStaleness =
  | number
  | { readonly default: number; readonly pairs?: Readonly<Partial<Record<PricePair, number>>> };

/** Parameters of {@link createQuoteService}. */
export type CreateQuoteServiceParameters = {
  /** Price sources in order of preference: the primary first, then fallbacks. */
  sources: readonly PriceSource[];
  /** Now. Default the system clock; tests pass a fixed one, which makes quotes deterministic. */
  clock?: () => Date;
  /** How long a quote is locked (its `expiresAt` − now). Default 900 s (15 min). */
  lockSeconds?: number;
  /**
   * Oldest usable price. Chainlink's FX and stablecoin feeds update on a 0.x % deviation or a
   * 24 h heartbeat, so a limit a little above the heartbeat of each feed is the usual choice.
   */
  maxStalenessSeconds: MaxStaleness;
  /** Seconds from the quote's expiry to the authority's decision deadline (refund after it). */
  decisionWindow: number;
  /** Platform fee rate before discounts. Default 10 bps. */
  feeBps?: number;
  /** The escrow's fee cap. Default 100 bps. */
  feeCapBps?: number;
  /** Most discounts may take off the rate. Default `feeBps`. */
  maxDiscountBps?: number;
};

/** The price of one pair that went into a quote, kept for the audit trail and the payer's receipt. */
export type RateLeg = FreshPrice;

/** Parameters of {@link QuoteService.quote}. */
export type QuoteParameters = {
  /** The authority's fee in its own currency (the catalogue's product fee). */
  visaFee: Money;
  /** USDC or USDT. */
  token: string;
  /** Reputation, batch or other discounts on the platform fee rate. */
  discounts?: readonly Discount[];
  /** Overrides the service's decision window for this quote (a product's SLA), in seconds. */
  decisionWindow?: number;
};

/** Timing shared by single and batch quotes, in unix seconds like the escrow's `uint64`s. */
export type QuoteTiming = {
  createdAt: number;
  /** First second at which the escrow refuses payment (it reverts when `block.timestamp >= expiresAt`). */
  expiresAt: number;
  /** After it, the payer may `claimExpired`; always after `expiresAt`, as the escrow requires. */
  decisionDeadline: number;
};

/** Rates and fee rate shared by single and batch quotes. */
export type QuotePricing = {
  token: TokenSymbol;
  /** Token per unit of the visa fee's currency: the legs chained, exactly. */
  rate: Rate;
  /** Each price used, with its source and update time: `X/USD` then `TOKEN/USD`. */
  legs: readonly RateLeg[];
  /** Platform fee rate before discounts. */
  feeBps: number;
  discounts: ResolveFeeBpsReturnType["discounts"];
  /** The rate charged: the escrow's `platformFeeBps`. */
  platformFeeBps: number;
};

/** A locked price for one application: what the quote signer signs as the escrow's `Quote`. */
export type Quote = QuotePricing &
  QuoteTiming & {
    /** The authority's fee in its own currency. */
    visaFee: Money;
    /** The authority's part in the token: what `release` pays the authority. */
    tokenAmount: Money;
    /** Entrada's fee in the token: the escrow's `platformFee`. */
    platformFee: Money;
    /** `tokenAmount + platformFee`: the escrow's `amount`, what the payer pays. */
    total: Money;
  };

/** Parameters of {@link QuoteService.quoteBatch}. */
export type QuoteBatchParameters = Omit<QuoteParameters, "visaFee"> & {
  /** One fee per application, all in one currency (a batch is for one authority). */
  visaFees: readonly Money[];
};

/** One application of a {@link BatchQuote}. */
export type BatchQuoteItem = { visaFee: Money; tokenAmount: Money; platformFee: Money };

/** A locked price for a batch: what the quote signer signs as the escrow's `BatchQuote`. */
export type BatchQuote = QuotePricing &
  QuoteTiming & {
    /** `tokenAmount` of each is the escrow's `fees[i]`. */
    items: readonly BatchQuoteItem[];
    tokenAmount: Money;
    platformFee: Money;
    /** What `payBatch` pulls: Σ tokenAmount + Σ per-item platform fee. */
    total: Money;
  };

/** What {@link createQuoteService} returns. */
export type QuoteService = {
  /** Prices one application. Throws StaleRateError / MissingRateError rather than use a bad price. */
  quote(parameters: QuoteParameters): Promise<Quote>;
  /** Prices a batch of applications for one authority, one rate for all. */
  quoteBatch(parameters: QuoteBatchParameters): Promise<BatchQuote>;
};

/**
 * The quote service: turns a visa fee in the authority's currency into a locked stablecoin amount
 * plus Entrada's platform fee.
 *
 * Rate math: local → USD → token with the `X/USD` and `TOKEN/USD` feeds, chained as one exact
 * fraction and rounded once, up (`ceil`), so the authority always receives at least its fee's
 * value at the quoted rates and the payer overpays by less than one token unit (10⁻⁶ USDC). The
 * token's own feed is always read — a stablecoin is worth 1 USD only when its feed says so.
 *
 * Prices older than `maxStalenessSeconds` are refused; each pair falls back through `sources` in
 * order, and with no fresh price at all the quote fails (`ENTRADA_RATE_STALE` /
 * `ENTRADA_RATE_UNAVAILABLE`, 503). Given the same clock and prices, the same quote comes out.
 *
 * @example
 * const quotes = createQuoteService({
 *   sources: [chainlinkFeeds, backupFeeds],
 *   maxStalenessSeconds: { default: 90_000, pairs: { "USDC/USD": 90_000 } },
 *   decisionWindow: 30 * 86_400,
 * });
 * const quote = await quotes.quote({ visaFee: { amount: 1600n, currency: "GBP" }, token: "USDC" });
 * // quote.tokenAmount = { amount: 20322033n, currency: "USDC" } at GBP/USD 1.27, USDC/USD 0.9999
 * // quote.platformFee = { amount: 20322n, currency: "USDC" }, quote.total = { amount: 20342355n, … }
 */
export function createQuoteService(parameters: CreateQuoteServiceParameters): QuoteService {
  const { sources, clock = () => new Date(), lockSeconds = 900, maxStalenessSeconds, decisionWindow } = parameters;
  if (sources.length === 0) {
    throw new InvalidQuoteConfigError({ setting: "sources", value: "[]", expected: "at least one price source" });
  }
  assertPositiveSeconds("lockSeconds", lockSeconds);
  assertPositiveSeconds("decisionWindow", decisionWindow);
  if (typeof maxStalenessSeconds === "number") {
    assertPositiveSeconds("maxStalenessSeconds", maxStalenessSeconds);
  } else {
    assertPositiveSeconds("maxStalenessSeconds.default", maxStalenessSeconds.default);
    for (const [pair, seconds] of Object.entries(maxStalenessSeconds.pairs ?? {})) {
      if (seconds !== undefined) assertPositiveSeconds(`maxStalenessSeconds.pairs.${pair}`, seconds);
    }
  }
  const feeSettings = {
    ...(parameters.feeBps === undefined ? {} : { feeBps: parameters.feeBps }),
    ...(parameters.feeCapBps === undefined ? {} : { feeCapBps: parameters.feeCapBps }),
    ...(parameters.maxDiscountBps === undefined ? {} : { maxDiscountBps: parameters.maxDiscountBps }),
  };
  // Fail at start-up, not on the first quote, if the fee settings are impossible.
  resolveFeeBps(feeSettings);

  function stalenessFor(pair: PricePair): number {
    if (typeof maxStalenessSeconds === "number") return maxStalenessSeconds;
    return maxStalenessSeconds.pairs?.[pair] ?? maxStalenessSeconds.default;
  }

  function nowSeconds(): number {
    const now = clock().getTime();
    if (!Number.isFinite(now))
      throw new InvalidQuoteConfigError({ setting: "clock", value: now, expected: "a valid Date" });
    return Math.floor(now / 1000);
  }

  /** Reads the legs from `currency` to `token` and chains them into one exact rate. */
  async function price(currency: string, token: TokenSymbol, now: number): Promise<{ rate: Rate; legs: RateLeg[] }> {
    getCurrency(currency);
    if (currency === token) return { rate: createRate(1n, 1n), legs: [] };
    const read = (pair: PricePair) => readFreshPrice({ pair, sources, now, maxStalenessSeconds: stalenessFor(pair) });
    const tokenPair: PricePair = `${token}/USD`;
    if (currency === "USD") {
      const tokenUsd = await read(tokenPair);
      return { rate: invertRate(rateFromAnswer(tokenUsd)), legs: [tokenUsd] };
    }
    const [localUsd, tokenUsd] = await Promise.all([read(`${currency}/USD`), read(tokenPair)]);
    return {
      rate: multiplyRates(rateFromAnswer(localUsd), invertRate(rateFromAnswer(tokenUsd))),
      legs: [localUsd, tokenUsd],
    };
  }

  function timing(now: number, override: number | undefined): QuoteTiming {
    const window = override ?? decisionWindow;
    assertPositiveSeconds("decisionWindow", window);
    const expiresAt = now + lockSeconds;
    return { createdAt: now, expiresAt, decisionDeadline: expiresAt + window };
  }

  function checkToken(token: string): TokenSymbol {
    if (!isTokenSymbol(token)) throw new UnsupportedTokenError({ token, supported: tokenSymbols });
    return token;
  }

  function checkFee(fee: Money): void {
    getCurrency(fee.currency);
    if (fee.amount < 0n) throw new NegativeAmountError({ value: formatMoney(fee), currency: fee.currency });
    // The escrow refuses zero amounts (EscrowInvalidAmount); a waived fee needs no escrow at all.
    if (fee.amount === 0n) throw new NothingToPayError({ currency: fee.currency });
  }

  function toToken(fee: Money, token: TokenSymbol, rate: Rate): Money {
    // Up: what the payer owes must never be rounded below the authority's fee.
    return convertMoney(fee, { to: token, rate, rounding: "ceil" });
  }

  return {
    async quote({ visaFee, token, discounts = [], decisionWindow: windowOverride }) {
      const symbol = checkToken(token);
      checkFee(visaFee);
      // Bad discounts fail before any price is read.
      resolveFeeBps({ ...feeSettings, discounts });
      const now = nowSeconds();
      const times = timing(now, windowOverride);
      const { rate, legs } = await price(visaFee.currency, symbol, now);
      const tokenAmount = toToken(visaFee, symbol, rate);
      const fee = computePlatformFee({ ...feeSettings, discounts, visaFee: tokenAmount });
      return {
        visaFee,
        token: symbol,
        tokenAmount,
        platformFee: fee.platformFee,
        total: fee.total,
        rate,
        legs,
        feeBps: fee.feeBps,
        discounts: fee.discounts,
        platformFeeBps: fee.effectiveBps,
        ...times,
      };
    },

    async quoteBatch({ visaFees, token, discounts = [], decisionWindow: windowOverride }) {
      const symbol = checkToken(token);
      const first = visaFees[0];
      if (first === undefined) throw new EmptyBatchError();
      for (const fee of visaFees) {
        if (fee.currency !== first.currency) {
          throw new CurrencyMismatchError({ expected: first.currency, received: fee.currency });
        }
        checkFee(fee);
      }
      const now = nowSeconds();
      const times = timing(now, windowOverride);
      const { rate, legs } = await price(first.currency, symbol, now);
      const tokenAmounts = visaFees.map((fee) => toToken(fee, symbol, rate));
      const breakdown = computeBatchPlatformFee({ ...feeSettings, discounts, visaFees: tokenAmounts });
      return {
        token: symbol,
        items: visaFees.map((visaFee, i) => ({
          visaFee,
          tokenAmount: breakdown.items[i]!.visaFee,
          platformFee: breakdown.items[i]!.platformFee,
        })),
        tokenAmount: breakdown.visaFee,
        platformFee: breakdown.platformFee,
        total: breakdown.total,
        rate,
        legs,
        feeBps: breakdown.feeBps,
        discounts: breakdown.discounts,
        platformFeeBps: breakdown.effectiveBps,
        ...times,
      };
    },
  };
}

function assertPositiveSeconds(setting: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidQuoteConfigError({ setting, value, expected: "a whole number of seconds above 0" });
  }
}
