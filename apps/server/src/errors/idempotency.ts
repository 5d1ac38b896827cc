import { ApiError } from "./ApiError.ts";

/**
 * The Idempotency-Key header is empty, too long or not visible ASCII.
 *
 * @example
 * throw new IdempotencyKeyInvalidError()
 */
export class IdempotencyKeyInvalidError extends ApiError {
  override name = "IdempotencyKeyInvalidError" as const;
  constructor() {
    super("The Idempotency-Key header must be 1 to 255 visible ASCII characters.", {
      code: "ENTRADA_IDEMPOTENCY_KEY_INVALID",
    });
  }
}

/**
 * The key was used before with another request.
 *
 * @example
 * if (reservation.type === "mismatch") throw new IdempotencyMismatchError()
 */
export class IdempotencyMismatchError extends ApiError {
  override name = "IdempotencyMismatchError" as const;
  constructor() {
    super("This Idempotency-Key was used with a different request; use a new key.", {
      code: "ENTRADA_IDEMPOTENCY_MISMATCH",
    });
  }
}

/**
 * The first request with the key is still running.
 *
 * @example
 * if (reservation.type === "in_progress") throw new IdempotencyInProgressError()
 */
export class IdempotencyInProgressError extends ApiError {
  override name = "IdempotencyInProgressError" as const;
  constructor() {
    super("A request with this Idempotency-Key is still running; retry shortly.", {
      code: "ENTRADA_IDEMPOTENCY_IN_PROGRESS",
    });
  }
}
