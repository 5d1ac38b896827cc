import { ApiError } from "./ApiError.ts";

/**
 * No wallet to name as the quote's payer.
 *
 * @example
 * throw new PayerRequiredError()
 */
export class PayerRequiredError extends ApiError {
  override name = "PayerRequiredError" as const;
  constructor() {
    super("Say which wallet pays: sign in with a wallet or give `payer`.", { code: "ENTRADA_PAYER_REQUIRED" });
  }
}

/**
 * The application has no open, unexpired quote.
 *
 * @example
 * throw new NoOpenQuoteError({ applicationId })
 */
export class NoOpenQuoteError extends ApiError {
  override name = "NoOpenQuoteError" as const;
  constructor({ applicationId }: { applicationId: string }) {
    super("The application has no open quote; request one first.", {
      code: "ENTRADA_NO_OPEN_QUOTE",
      details: { applicationId },
    });
  }
}

/**
 * The quote's token cannot be paid this way.
 *
 * @example
 * throw new PaymentMethodUnsupportedError({ method: "authorization", token: "USDT" })
 */
export class PaymentMethodUnsupportedError extends ApiError {
  override name = "PaymentMethodUnsupportedError" as const;
  constructor({ method, token }: { method: string; token: string }) {
    super(`${token} cannot be paid by ${method}.`, {
      code: "ENTRADA_PAYMENT_METHOD_UNSUPPORTED",
      details: { method, token },
    });
  }
}

/**
 * A quote was asked on a chain this Entrada does not serve (`GET /client-config` lists those it does).
 *
 * @example
 * throw new ChainNotServedError({ chainId: 8453 })
 */
export class ChainNotServedError extends ApiError {
  override name = "ChainNotServedError" as const;
  constructor({ chainId }: { chainId: number }) {
    super(`Chain ${chainId} is not served here; pick one of the chains the client configuration lists.`, {
      code: "ENTRADA_CHAIN_NOT_SERVED",
      details: { chainId },
    });
  }
}

/**
 * The EIP-3009 signature is not the payer's for this quote.
 *
 * @example
 * throw new AuthorizationInvalidError({ reason: "signer" })
 */
export class AuthorizationInvalidError extends ApiError {
  override name = "AuthorizationInvalidError" as const;
  constructor({ reason, cause }: { reason: "malformed" | "signer"; cause?: unknown }) {
    super(
      reason === "malformed"
        ? "The authorization signature is malformed."
        : "The authorization was not signed by the quote's payer for this quote.",
      { code: "ENTRADA_AUTHORIZATION_INVALID", details: { reason }, cause },
    );
  }
}

/**
 * The relayer failed to submit a transaction.
 *
 * @example
 * throw new RelayerFailedError({ key, cause })
 */
export class RelayerFailedError extends ApiError {
  override name = "RelayerFailedError" as const;
  constructor({ key, cause }: { key: string; cause?: unknown }) {
    super("The transaction could not be submitted; retry shortly.", {
      code: "ENTRADA_RELAYER_FAILED",
      details: { key },
      cause,
    });
  }
}

/**
 * No settler relayer for the authority.
 *
 * @example
 * throw new SettlerUnavailableError({ authorityId: "gb-eta" })
 */
export class SettlerUnavailableError extends ApiError {
  override name = "SettlerUnavailableError" as const;
  constructor({ authorityId }: { authorityId: string }) {
    super(`No settler is configured for "${authorityId}"; the escrow cannot be settled now.`, {
      code: "ENTRADA_SETTLER_UNAVAILABLE",
      details: { authorityId },
    });
  }
}

/**
 * The payer holds less of the token than the quote's total: the relayed payment would revert.
 *
 * @example
 * throw new InsufficientBalanceError({ token: "USDC", balance: 0n, needed: 20342355n })
 */
export class InsufficientBalanceError extends ApiError {
  override name = "InsufficientBalanceError" as const;
  constructor({ token, balance, needed }: { token: string; balance: bigint; needed: bigint }) {
    super(`The payer's wallet holds too little ${token} for this quote; top it up and try again.`, {
      code: "ENTRADA_INSUFFICIENT_BALANCE",
      details: { token, balance: balance.toString(), needed: needed.toString() },
    });
  }
}
