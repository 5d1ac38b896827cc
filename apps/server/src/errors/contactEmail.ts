import { ApiError } from "./ApiError.ts";

/**
 * The code entered is not the one sent to the address; `attemptsLeft` more tries before the code dies.
 *
 * @example
 * throw new EmailCodeWrongError({ attemptsLeft: 3 })
 */
export class EmailCodeWrongError extends ApiError {
  override name = "EmailCodeWrongError" as const;
  constructor({ attemptsLeft }: { attemptsLeft: number }) {
    super(`That is not the code we sent; ${attemptsLeft} more tries.`, {
      code: "ENTRADA_EMAIL_CODE_WRONG",
      details: { attemptsLeft },
    });
  }
}

/**
 * No live code for the address: it expired, was used, was replaced by a newer one, or was never sent.
 *
 * @example
 * throw new EmailCodeExpiredError()
 */
export class EmailCodeExpiredError extends ApiError {
  override name = "EmailCodeExpiredError" as const;
  constructor() {
    super("This code is no longer valid; ask for a new one.", { code: "ENTRADA_EMAIL_CODE_EXPIRED" });
  }
}

/**
 * Too many wrong codes were tried: the code is dead, so that six digits cannot be guessed.
 *
 * @example
 * throw new EmailCodeAttemptsExceededError({ maxAttempts: 5 })
 */
export class EmailCodeAttemptsExceededError extends ApiError {
  override name = "EmailCodeAttemptsExceededError" as const;
  constructor({ maxAttempts }: { maxAttempts: number }) {
    super(`${maxAttempts} wrong codes were tried; ask for a new one.`, {
      code: "ENTRADA_EMAIL_CODE_ATTEMPTS_EXCEEDED",
      details: { maxAttempts },
    });
  }
}

/**
 * A code was sent to this user moments ago (`scope: "resend"`), or as many as an hour allows
 * (`scope: "hour"`): sending more would make Entrada a way to flood someone's inbox.
 *
 * @example
 * throw new EmailCodeRateLimitedError({ retryAfterSeconds: 42, scope: "resend" })
 */
export class EmailCodeRateLimitedError extends ApiError {
  override name = "EmailCodeRateLimitedError" as const;
  /** Whole seconds until a code may be sent again (also sent as `Retry-After`). */
  readonly retryAfterSeconds: number;
  constructor({ retryAfterSeconds, scope }: { retryAfterSeconds: number; scope: "resend" | "hour" }) {
    super(`A code was sent moments ago; ask again in ${retryAfterSeconds} s.`, {
      code: "ENTRADA_EMAIL_CODE_RATE_LIMITED",
      details: { retryAfterSeconds, scope },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The address is another account's notification address already.
 *
 * @example
 * throw new EmailTakenError()
 */
export class EmailTakenError extends ApiError {
  override name = "EmailTakenError" as const;
  constructor() {
    super("That e-mail address belongs to another account.", { code: "ENTRADA_EMAIL_TAKEN" });
  }
}

/**
 * A new address was set without proving it is read: it must be verified with a code first.
 *
 * @example
 * throw new EmailUnverifiedError()
 */
export class EmailUnverifiedError extends ApiError {
  override name = "EmailUnverifiedError" as const;
  constructor() {
    super("Verify the address first: POST /me/email/verification, then POST /me/email/verification/confirm.", {
      code: "ENTRADA_EMAIL_UNVERIFIED",
    });
  }
}
