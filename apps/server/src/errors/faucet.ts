import { ApiError } from "./ApiError.ts";

/**
 * The development faucet already funded this address a moment ago.
 *
 * @example
 * throw new FaucetRateLimitedError({ retryAfterSeconds: 7 })
 */
export class FaucetRateLimitedError extends ApiError {
  override name = "FaucetRateLimitedError" as const;
  /** Whole seconds until the address may ask again (also sent as `Retry-After`). */
  readonly retryAfterSeconds: number;
  constructor({ retryAfterSeconds }: { retryAfterSeconds: number }) {
    super(`This address was funded moments ago; ask again in ${retryAfterSeconds} s.`, {
      code: "ENTRADA_FAUCET_RATE_LIMITED",
      details: { retryAfterSeconds },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
