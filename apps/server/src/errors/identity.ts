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
