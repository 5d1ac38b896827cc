/** One entry of {@link errorCodes}. */
export type ErrorCodeEntry = {
  /** HTTP status the API answers with. */
  readonly status: number;
  /** What the code means and what the caller can do about it; docs/errors.md lists these. */
  readonly description: string;
};

/**
 * Every stable error code Entrada's domain throws, with its HTTP status and meaning.
 *
 * Codes are part of the public API: clients branch on them, so a published code is never renamed or
 * reused for another meaning. The API lists this registry in docs/errors.md and a test fails when a
 * code is missing there; {@link BaseError} takes its status from here.
 *
 * @example
 * errorCodes.ENTRADA_QUOTE_EXPIRED // { status: 409, description: "The quote expired …" }
 * Object.entries(errorCodes).map(([code, { status }]) => `| ${code} | ${status} |`)
 */
export const errorCodes = {
  ENTRADA_INTERNAL: {
    status: 500,
    description: "An unexpected error. Nothing the caller can fix; the server logs the cause.",
  },

  // money
  ENTRADA_MONEY_INVALID: {
    status: 400,
    description:
      'The amount is not a plain decimal number such as "16.00" (no signs, spaces, separators or exponents).',
  },
  ENTRADA_MONEY_TOO_MANY_DECIMALS: {
    status: 400,
    description: "The amount has more decimals than its currency allows (2 for GBP, 0 for JPY, 6 for USDC).",
  },
  ENTRADA_MONEY_NEGATIVE: {
    status: 400,
    description: "The amount is negative where only zero or more is allowed.",
  },
  ENTRADA_CURRENCY_UNKNOWN: {
    status: 400,
    description: "The currency or token is not one Entrada knows (ISO 4217 code or a supported stablecoin).",
  },
  ENTRADA_CURRENCY_MISMATCH: {
    status: 422,
    description: "Two amounts in different currencies were combined; convert one of them first.",
  },
  ENTRADA_RATE_INVALID: {
    status: 500,
    description: "An exchange rate has a zero or negative term, so no amount can be converted with it.",
  },
  ENTRADA_DIVISION_BY_ZERO: {
    status: 500,
    description: "A money computation divided by zero.",
  },

  // fee
  ENTRADA_BPS_INVALID: {
    status: 400,
    description: "A basis-point value is not a whole number from 0 to 10000.",
  },
  ENTRADA_FEE_ABOVE_CAP: {
    status: 422,
    description: "The platform fee rate is above the cap the escrow contract enforces, so the payment would revert.",
  },

  ENTRADA_BATCH_EMPTY: {
    status: 422,
    description: "A batch payment needs at least one application.",
  },

  // quote
  ENTRADA_RATE_STALE: {
    status: 503,
    description:
      "Every source's price for a currency pair is older than allowed; no quote is made on stale data. Retry later.",
  },
  ENTRADA_RATE_UNAVAILABLE: {
    status: 503,
    description: "No source has a usable price for a currency pair. Retry later.",
  },
  ENTRADA_QUOTE_EXPIRED: {
    status: 409,
    description: "The quote's lock time has passed; request a new quote.",
  },
  ENTRADA_TOKEN_UNSUPPORTED: {
    status: 400,
    description: "Fees cannot be paid in this token; use USDC or USDT.",
  },
  ENTRADA_QUOTE_NOTHING_TO_PAY: {
    status: 422,
    description: "The fee is zero (for example an age-based waiver), so there is nothing to pay into escrow.",
  },
  ENTRADA_QUOTE_CONFIG_INVALID: {
    status: 500,
    description: "The quote service was configured with an impossible value (lock time, staleness, decision window).",
  },

  // application
  ENTRADA_ILLEGAL_TRANSITION: {
    status: 409,
    description: "The application is not in a state that allows this action.",
  },
  ENTRADA_TRANSITION_FORBIDDEN: {
    status: 403,
    description: "This role may not take this action on an application.",
  },
  ENTRADA_TRANSITION_REASON_REQUIRED: {
    status: 400,
    description: "This action needs a reason (rejections and requests for information), and none was given.",
  },

  // catalogue
  ENTRADA_AUTHORITY_NOT_FOUND: {
    status: 404,
    description: "No authority has this id.",
  },
  ENTRADA_PRODUCT_NOT_FOUND: {
    status: 404,
    description: "No visa product has this id.",
  },
  ENTRADA_CATALOGUE_INVALID: {
    status: 500,
    description:
      "The catalogue data is inconsistent (duplicate ids, unknown authority, fee in a currency other than the authority's).",
  },
  ENTRADA_COUNTRY_CODE_INVALID: {
    status: 400,
    description: "A country code is malformed: nationalities are ISO 3166-1 alpha-3 (GBR), destinations alpha-2 (GB).",
  },
  ENTRADA_DATE_INVALID: {
    status: 400,
    description: "A date is not a real calendar date in the form YYYY-MM-DD.",
  },
} as const satisfies Record<string, ErrorCodeEntry>;

/** A stable error code, for example `"ENTRADA_QUOTE_EXPIRED"`. */
export type ErrorCode = keyof typeof errorCodes;
