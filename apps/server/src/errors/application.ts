import { ApiError } from "./ApiError.ts";

/**
 * The application's version moved between read and write.
 *
 * @example
 * throw new ConcurrentUpdateError({ applicationId })
 */
export class ConcurrentUpdateError extends ApiError {
  override name = "ConcurrentUpdateError" as const;
  constructor({ applicationId }: { applicationId: string }) {
    super("The application changed meanwhile; read it again and retry.", {
      code: "ENTRADA_CONCURRENT_UPDATE",
      details: { applicationId },
    });
  }
}

/**
 * Answers cannot be edited in the application's state.
 *
 * @example
 * throw new ApplicationLockedError({ state: "paid" })
 */
export class ApplicationLockedError extends ApiError {
  override name = "ApplicationLockedError" as const;
  constructor({ state }: { state: string }) {
    super(`An application in state "${state}" cannot be edited.`, {
      code: "ENTRADA_APPLICATION_LOCKED",
      details: { state, editableStates: ["draft", "needs_info"] },
    });
  }
}

/**
 * Submitting without every answer the product requires.
 *
 * @example
 * throw new AnswersIncompleteError({ missing: ["travel_dates"] })
 */
export class AnswersIncompleteError extends ApiError {
  override name = "AnswersIncompleteError" as const;
  constructor({ missing }: { missing: readonly string[] }) {
    super(`The application needs ${missing.length} more answer${missing.length === 1 ? "" : "s"}.`, {
      code: "ENTRADA_ANSWERS_INCOMPLETE",
      details: { missing },
    });
  }
}

/**
 * Submitting without every document the product requires, or handing an application back without
 * the documents the officer asked for.
 *
 * @example
 * throw new ApplicationDocumentsMissingError({ missing: ["return_ticket"] })
 */
export class ApplicationDocumentsMissingError extends ApiError {
  override name = "ApplicationDocumentsMissingError" as const;
  constructor({ missing }: { missing: readonly string[] }) {
    super(
      `The application needs ${missing.length} more document${missing.length === 1 ? "" : "s"}: ${missing.join(", ")}.`,
      {
        code: "ENTRADA_APPLICATION_DOCUMENTS_MISSING",
        details: { missing },
      },
    );
  }
}

/**
 * Uploading to an application a kind of document that neither its product nor its officer asks for.
 *
 * @example
 * throw new DocumentNotAskedError({ kind: "invitation_letter", accepted: ["return_ticket"] })
 */
export class DocumentNotAskedError extends ApiError {
  override name = "DocumentNotAskedError" as const;
  constructor({ kind, accepted }: { kind: string; accepted: readonly string[] }) {
    super(`The application does not ask for a document of kind "${kind}".`, {
      code: "ENTRADA_DOCUMENT_NOT_ASKED",
      details: { kind, accepted },
    });
  }
}

/**
 * The applicant's nationality may not (or need not) apply for the product.
 *
 * @example
 * throw new NotEligibleError({ productId: "th-tourist-single", reasons: ["visa_exempt"] })
 */
export class NotEligibleError extends ApiError {
  override name = "NotEligibleError" as const;
  constructor({ productId, reasons }: { productId: string; reasons: readonly string[] }) {
    super(`The applicant cannot apply for "${productId}" (${reasons.join(", ")}).`, {
      code: "ENTRADA_NOT_ELIGIBLE",
      details: { productId, reasons },
    });
  }
}

/**
 * The application has no e-visa: not issued yet (its escrow release is not seen, or issuance is a
 * moment behind it), or never (rejected, refunded).
 *
 * @example
 * throw new EvisaNotIssuedError({ applicationId, state: "approved" })
 */
export class EvisaNotIssuedError extends ApiError {
  override name = "EvisaNotIssuedError" as const;
  constructor({ applicationId, state }: { applicationId: string; state: string }) {
    super("This application has no e-visa yet.", {
      code: "ENTRADA_EVISA_NOT_ISSUED",
      details: { applicationId, state },
    });
  }
}
