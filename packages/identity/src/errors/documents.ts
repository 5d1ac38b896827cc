import { IdentityError, truncate } from "./IdentityError.ts";

/**
 * An upload that `checkDocumentUpload` did not accept; the API answers 422 with the problems.
 *
 * @example
 * const check = checkDocumentUpload({ bytes, declaredType });
 * if (!check.ok) throw new DocumentRejectedError({ problems: check.problems.map((problem) => problem.code) });
 */
export class DocumentRejectedError extends IdentityError {
  override name = "DocumentRejectedError" as const;
  constructor({ problems }: { problems: readonly string[] }) {
    super(`The document is not accepted: ${problems.join(", ")}.`, {
      code: "ENTRADA_DOCUMENT_REJECTED",
      details: { problems },
    });
  }
}

/**
 * No stored document has the content id.
 *
 * @example
 * await documents.get("bafkrei…") // throws DocumentNotFoundError when it was deleted
 */
export class DocumentNotFoundError extends IdentityError {
  override name = "DocumentNotFoundError" as const;
  constructor({ cid }: { cid: string }) {
    super(`No document ${truncate(cid, 80)}.`, {
      code: "ENTRADA_DOCUMENT_NOT_FOUND",
      details: { cid: truncate(cid, 80) },
    });
  }
}

/**
 * A string that is not a CIDv1.
 *
 * @example
 * await documents.get("../../etc/passwd") // throws InvalidCidError
 */
export class InvalidCidError extends IdentityError {
  override name = "InvalidCidError" as const;
  constructor({ cid }: { cid: string }) {
    super(`"${truncate(cid, 80)}" is not a CIDv1 content id.`, {
      code: "ENTRADA_DOCUMENT_CID_INVALID",
      details: { cid: truncate(cid, 80) },
    });
  }
}

/**
 * Stored bytes that do not hash to their content id, or an IPFS node that computed another one.
 *
 * @example
 * await blobs.get(cid) // throws DocumentIntegrityError when the file on disk was altered
 */
export class DocumentIntegrityError extends IdentityError {
  override name = "DocumentIntegrityError" as const;
  constructor({ cid, actual }: { cid: string; actual: string }) {
    super(`Content ${truncate(cid, 80)} does not match its bytes (they hash to ${truncate(actual, 80)}).`, {
      code: "ENTRADA_DOCUMENT_INTEGRITY",
      details: { cid: truncate(cid, 80), actual: truncate(actual, 80) },
    });
  }
}

/** Why a sealed document could not be opened; see {@link DocumentDecryptionError}. */
export type DocumentDecryptionFailure = "not_sealed" | "unknown_key" | "tampered";

/**
 * A sealed document cannot be opened.
 *
 * @example
 * openDocument(sealed, otherMasterKey) // throws DocumentDecryptionError (reason "unknown_key")
 */
export class DocumentDecryptionError extends IdentityError {
  override name = "DocumentDecryptionError" as const;
  readonly reason: DocumentDecryptionFailure;
  constructor({ reason, cause }: { reason: DocumentDecryptionFailure; cause?: unknown }) {
    const messages: Record<DocumentDecryptionFailure, string> = {
      not_sealed: "it is not a sealed document",
      unknown_key: "it was sealed under a master key that is not configured",
      tampered: "it was altered (authentication failed)",
    };
    super(`The document cannot be opened: ${messages[reason]}.`, {
      code: "ENTRADA_DOCUMENT_DECRYPTION_FAILED",
      details: { reason },
      cause,
    });
    this.reason = reason;
  }
}

/**
 * A document master key that is not 32 bytes.
 *
 * @example
 * parseMasterKey("abc") // throws InvalidDocumentKeyError
 */
export class InvalidDocumentKeyError extends IdentityError {
  override name = "InvalidDocumentKeyError" as const;
  constructor({ reason }: { reason: string }) {
    super(`The document master key is unusable: ${reason}.`, {
      code: "ENTRADA_DOCUMENT_KEY_INVALID",
      details: { reason },
      metaMessages: ["Generate one with generateMasterKey() and configure it as 64 hex digits."],
    });
  }
}

/**
 * The document store could not be read or written.
 *
 * @example
 * await documents.put(bytes) // throws DocumentStoreUnavailableError (retryable) when the Kubo node is down
 */
export class DocumentStoreUnavailableError extends IdentityError {
  override name = "DocumentStoreUnavailableError" as const;
  constructor({ store, operation, cause }: { store: string; operation: string; cause?: unknown }) {
    super(`The document store (${store}) failed to ${operation}; try again later.`, {
      code: "ENTRADA_DOCUMENT_STORE_UNAVAILABLE",
      details: { store, operation },
      retryable: true,
      cause,
    });
  }
}
