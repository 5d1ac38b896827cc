import { ApiError } from "./ApiError.ts";

/**
 * A credential was asked for without a passed identity verification.
 *
 * @example
 * throw new IdentityNotVerifiedError({ status: "flagged" })
 */
export class IdentityNotVerifiedError extends ApiError {
  override name = "IdentityNotVerifiedError" as const;
  constructor({ status }: { status: "none" | "flagged" | "failed" }) {
    super(
      status === "flagged"
        ? "Your identity check waits for a reviewer; the credential comes once it passes."
        : "Verify your identity first: no identity check of yours has passed.",
      { code: "ENTRADA_IDENTITY_NOT_VERIFIED", details: { status } },
    );
  }
}

/**
 * A review decision on a verification that is not (or no longer) flagged.
 *
 * @example
 * throw new VerificationNotFlaggedError({ verificationId, status: "passed" })
 */
export class VerificationNotFlaggedError extends ApiError {
  override name = "VerificationNotFlaggedError" as const;
  constructor({ verificationId, status }: { verificationId: string; status: string }) {
    super(`The verification is ${status}: only flagged ones wait for a decision.`, {
      code: "ENTRADA_VERIFICATION_NOT_FLAGGED",
      details: { verificationId, status },
    });
  }
}

/**
 * The presentation request's nonce is spent: it expired, or a presentation already used it.
 *
 * @example
 * throw new PresentationRequestSpentError({ requestId, reason: "expired" })
 */
export class PresentationRequestSpentError extends ApiError {
  override name = "PresentationRequestSpentError" as const;
  constructor({ requestId, reason }: { requestId: string; reason: "expired" | "used" }) {
    super(
      reason === "expired"
        ? "The presentation request has expired; ask for a new one."
        : "The presentation request was already answered; ask for a new one.",
      { code: "ENTRADA_PRESENTATION_REQUEST_SPENT", details: { requestId, reason } },
    );
  }
}

/**
 * A presentation cannot fill this application: it already filled one, or was made for another product.
 *
 * @example
 * throw new PresentationUnusableError({ presentationId, reason: "used" })
 */
export class PresentationUnusableError extends ApiError {
  override name = "PresentationUnusableError" as const;
  constructor({ presentationId, reason }: { presentationId: string; reason: "used" | "other_product" }) {
    super(
      reason === "used"
        ? "This presentation already filled an application; present the credential again."
        : "This presentation was made for another product; present the credential for this one.",
      { code: "ENTRADA_PRESENTATION_UNUSABLE", details: { presentationId, reason } },
    );
  }
}

/**
 * A credential cannot be moved to a new device: the account has none, or its newest one is revoked
 * or expired (a lost passport, fraud: those need a new identity check, not a copy), or the check it
 * was issued from is no longer there.
 *
 * @example
 * throw new CredentialNotMovableError({ reason: "revoked" })
 */
export class CredentialNotMovableError extends ApiError {
  override name = "CredentialNotMovableError" as const;
  constructor({ reason }: { reason: "none" | "revoked" | "expired" | "unverified" }) {
    super(
      reason === "none"
        ? "There is no credential to move: verify your identity on this device."
        : reason === "unverified"
          ? "The identity check behind this credential is gone: verify your identity again."
          : `Your credential is ${reason}: verify your identity again to get a new one.`,
      { code: "ENTRADA_CREDENTIAL_NOT_MOVABLE", details: { reason } },
    );
  }
}

/**
 * The key to move the credential to is the key it is bound to already.
 *
 * @example
 * throw new CredentialAlreadyOnDeviceError({ credentialId })
 */
export class CredentialAlreadyOnDeviceError extends ApiError {
  override name = "CredentialAlreadyOnDeviceError" as const;
  constructor({ credentialId }: { credentialId: string }) {
    super("Your credential is bound to this device's key already.", {
      code: "ENTRADA_CREDENTIAL_ALREADY_ON_DEVICE",
      details: { credentialId },
    });
  }
}

/**
 * The account's credential was moved as often as a day allows: a stolen session must not be able
 * to bounce a traveller's credential between devices.
 *
 * @example
 * throw new CredentialMoveRateLimitedError({ retryAfterSeconds: 3600, maxPerDay: 3 })
 */
export class CredentialMoveRateLimitedError extends ApiError {
  override name = "CredentialMoveRateLimitedError" as const;
  /** Whole seconds until a move is allowed again (also sent as `Retry-After`). */
  readonly retryAfterSeconds: number;
  constructor({ retryAfterSeconds, maxPerDay }: { retryAfterSeconds: number; maxPerDay: number }) {
    super(`Your credential was moved ${maxPerDay} times in the last day; try again in ${retryAfterSeconds} s.`, {
      code: "ENTRADA_CREDENTIAL_MOVE_RATE_LIMITED",
      details: { retryAfterSeconds, maxPerDay },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A credential was asked for while the account's credential from the same identity check is active
 * on another device: it is moved (with a proof of the new key, and an e-mail to the owner), not
 * issued again.
 *
 * @example
 * throw new CredentialHeldElsewhereError({ credentialId })
 */
export class CredentialHeldElsewhereError extends ApiError {
  override name = "CredentialHeldElsewhereError" as const;
  constructor({ credentialId }: { credentialId: string }) {
    super("Your credential is active on another device: move it to this one instead.", {
      code: "ENTRADA_CREDENTIAL_HELD_ELSEWHERE",
      details: { credentialId },
    });
  }
}
