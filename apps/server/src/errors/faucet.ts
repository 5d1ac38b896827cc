import { ApiError } from "./ApiError.ts";

/**
 * The development faucet funded this address a moment ago (`scope: "address"`), or gave this client
 * (its IP address) its drips of the minute already, whatever addresses it named (`scope: "client"`).
 *
 * @example
 * throw new FaucetRateLimitedError({ retryAfterSeconds: 7 })
 */
export class FaucetRateLimitedError extends ApiError {
  override name = "FaucetRateLimitedError" as const;
  /** Whole seconds until the address (or client) may ask again (also sent as `Retry-After`). */
  readonly retryAfterSeconds: number;
  constructor({ retryAfterSeconds, scope = "address" }: { retryAfterSeconds: number; scope?: "address" | "client" }) {
    super(
      scope === "address"
        ? `This address was funded moments ago; ask again in ${retryAfterSeconds} s.`
        : `This client was funded too often in the last minute; ask again in ${retryAfterSeconds} s.`,
      { code: "ENTRADA_FAUCET_RATE_LIMITED", details: { retryAfterSeconds, scope } },
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
