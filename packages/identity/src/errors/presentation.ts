import { IdentityError, truncate } from "./IdentityError.ts";

/**
 * The presentation is not a compact SD-JWT with a key-binding JWT.
 *
 * @example
 * await verifyPresentation({ presentation: "garbage", … }) // throws PresentationMalformedError
 */
export class PresentationMalformedError extends IdentityError {
  override name = "PresentationMalformedError" as const;
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`The presentation cannot be read: ${truncate(reason, 160)}.`, {
      code: "ENTRADA_PRESENTATION_MALFORMED",
      details: { reason: truncate(reason, 160) },
      cause,
    });
  }
}

/**
 * The credential's issuer is not trusted by this verifier.
 *
 * @example
 * await verifyPresentation({ trustedIssuers: ["https://entrada.example"], … }) // throws IssuerUntrustedError for iss "https://evil.example"
 */
export class IssuerUntrustedError extends IdentityError {
  override name = "IssuerUntrustedError" as const;
  constructor({ issuer }: { issuer: string }) {
    super(`Credentials of "${truncate(issuer, 100)}" are not accepted here.`, {
      code: "ENTRADA_ISSUER_UNTRUSTED",
      details: { issuer: truncate(issuer, 100) },
    });
  }
}

/**
 * The issuer's metadata could not be fetched.
 *
 * @example
 * await verifyPresentation(parameters) // throws IssuerMetadataUnavailableError (retryable) when the issuer is down
 */
export class IssuerMetadataUnavailableError extends IdentityError {
  override name = "IssuerMetadataUnavailableError" as const;
  constructor({ issuer, cause }: { issuer: string; cause?: unknown }) {
    super(`The metadata of issuer "${truncate(issuer, 100)}" could not be fetched; try again later.`, {
      code: "ENTRADA_ISSUER_METADATA_UNAVAILABLE",
      details: { issuer: truncate(issuer, 100) },
      retryable: true,
      cause,
    });
  }
}

/**
 * The issuer's metadata is malformed or names another issuer.
 *
 * @example
 * await verifyPresentation(parameters) // throws IssuerMetadataInvalidError when metadata.issuer differs from iss
 */
export class IssuerMetadataInvalidError extends IdentityError {
  override name = "IssuerMetadataInvalidError" as const;
  constructor({ issuer, reason }: { issuer: string; reason: string }) {
    super(`The metadata of issuer "${truncate(issuer, 100)}" is unusable: ${reason}.`, {
      code: "ENTRADA_ISSUER_METADATA_INVALID",
      details: { issuer: truncate(issuer, 100), reason },
    });
  }
}

/**
 * No key of the issuer matches the credential's (or status list's) `kid`.
 *
 * @example
 * await verifyPresentation(parameters) // throws UnknownIssuerKeyError for a credential signed by another key
 */
export class UnknownIssuerKeyError extends IdentityError {
  override name = "UnknownIssuerKeyError" as const;
  constructor({ issuer, kid }: { issuer: string; kid: string | undefined }) {
    super(
      `Issuer "${truncate(issuer, 100)}" publishes no key ${kid === undefined ? "for a JWT without kid" : `"${truncate(kid, 64)}"`}.`,
      {
        code: "ENTRADA_ISSUER_KEY_UNKNOWN",
        details: { issuer: truncate(issuer, 100), ...(kid === undefined ? {} : { kid: truncate(kid, 64) }) },
      },
    );
  }
}

/**
 * The issuer's signature does not verify.
 *
 * @example
 * await verifyPresentation({ presentation: alteredPayload, … }) // throws CredentialSignatureInvalidError
 */
export class CredentialSignatureInvalidError extends IdentityError {
  override name = "CredentialSignatureInvalidError" as const;
  constructor({ cause }: { cause?: unknown } = {}) {
    super("The issuer's signature over the credential does not verify.", {
      code: "ENTRADA_CREDENTIAL_SIGNATURE_INVALID",
      cause,
    });
  }
}

/**
 * The credential is not an SD-JWT VC of the expected type.
 *
 * @example
 * await verifyPresentation({ vct: "https://entrada.example/credentials/visa/v1", … }) // throws CredentialTypeInvalidError (vct)
 */
export class CredentialTypeInvalidError extends IdentityError {
  override name = "CredentialTypeInvalidError" as const;
  constructor({
    field,
    expected,
    actual,
  }: { field: "typ" | "alg" | "vct" | "_sd_alg"; expected: string; actual: string }) {
    super(`The credential's ${field} is "${truncate(actual, 100)}"; expected "${truncate(expected, 100)}".`, {
      code: "ENTRADA_CREDENTIAL_TYPE_INVALID",
      details: { field, expected: truncate(expected, 100), actual: truncate(actual, 100) },
    });
  }
}

/**
 * The credential has expired, or is not valid yet.
 *
 * @example
 * await verifyPresentation({ clock: () => afterExpiry, … }) // throws CredentialExpiredError
 */
export class CredentialExpiredError extends IdentityError {
  override name = "CredentialExpiredError" as const;
  constructor({
    expiresAt,
    notBefore,
    now,
  }: { expiresAt?: number | undefined; notBefore?: number | undefined; now: number }) {
    super(
      notBefore === undefined
        ? `The credential expired ${now - (expiresAt ?? now)} s ago.`
        : `The credential is not valid for another ${notBefore - now} s.`,
      {
        code: "ENTRADA_CREDENTIAL_EXPIRED",
        details: {
          now,
          ...(expiresAt === undefined ? {} : { expiresAt }),
          ...(notBefore === undefined ? {} : { notBefore }),
        },
      },
    );
  }
}

/**
 * A disclosure was altered, added, repeated or is malformed.
 *
 * @example
 * await verifyPresentation({ presentation: withEditedBirthdate, … }) // throws DisclosureTamperedError
 */
export class DisclosureTamperedError extends IdentityError {
  override name = "DisclosureTamperedError" as const;
  constructor({ reason }: { reason: string }) {
    super(`A disclosure is not the issuer's: ${reason}.`, {
      code: "ENTRADA_DISCLOSURE_TAMPERED",
      details: { reason },
    });
  }
}

/** Why a key-binding JWT was refused; see {@link KeyBindingInvalidError}. */
export type KeyBindingFailure =
  | "missing"
  | "malformed"
  | "typ"
  | "alg"
  | "no_holder_key"
  | "signature"
  | "sd_hash"
  | "stale"
  | "future";

/**
 * The key-binding JWT is missing or does not prove possession of the holder key for this presentation.
 *
 * @example
 * await verifyPresentation({ presentation: withoutKeyBinding, … }) // throws KeyBindingInvalidError (reason "missing")
 */
export class KeyBindingInvalidError extends IdentityError {
  override name = "KeyBindingInvalidError" as const;
  readonly reason: KeyBindingFailure;
  constructor({ reason, cause }: { reason: KeyBindingFailure; cause?: unknown }) {
    const messages: Record<KeyBindingFailure, string> = {
      missing: "the presentation has no key-binding JWT",
      malformed: "the key-binding JWT cannot be decoded",
      typ: 'the key-binding JWT\'s typ is not "kb+jwt"',
      alg: "the key-binding JWT is not signed with ES256",
      no_holder_key: "the credential names no holder key (cnf.jwk)",
      signature: "the key-binding JWT is not signed by the credential's holder key",
      sd_hash: "the key-binding JWT's sd_hash does not cover the presented disclosures",
      stale: "the key-binding JWT is too old",
      future: "the key-binding JWT is dated in the future",
    };
    super(`Key binding failed: ${messages[reason]}.`, {
      code: "ENTRADA_KEY_BINDING_INVALID",
      details: { reason },
      cause,
    });
    this.reason = reason;
  }
}

/**
 * The key-binding JWT answers another nonce: a replay.
 *
 * @example
 * await verifyPresentation({ nonce: freshNonce, presentation: madeForAnOldNonce, … }) // throws NonceMismatchError
 */
export class NonceMismatchError extends IdentityError {
  override name = "NonceMismatchError" as const;
  constructor() {
    super("The presentation answers another challenge (nonce); request a new one.", {
      code: "ENTRADA_PRESENTATION_NONCE_MISMATCH",
    });
  }
}

/**
 * The key-binding JWT was made for another verifier.
 *
 * @example
 * await verifyPresentation({ audience: "https://entrada.example", presentation: madeForAnotherSite, … }) // throws AudienceMismatchError
 */
export class AudienceMismatchError extends IdentityError {
  override name = "AudienceMismatchError" as const;
  constructor({ expected }: { expected: string }) {
    super(`The presentation was made for another verifier than "${truncate(expected, 100)}".`, {
      code: "ENTRADA_PRESENTATION_AUDIENCE_MISMATCH",
      details: { expected: truncate(expected, 100) },
    });
  }
}

/**
 * The issuer revoked the credential.
 *
 * @example
 * await verifyPresentation(parameters) // throws CredentialRevokedError once the issuer set its status to 1
 */
export class CredentialRevokedError extends IdentityError {
  override name = "CredentialRevokedError" as const;
  constructor({ uri, index, status }: { uri: string; index: number; status: number }) {
    super("The issuer has revoked this credential.", {
      code: "ENTRADA_CREDENTIAL_REVOKED",
      details: { uri: truncate(uri, 200), index, status },
    });
  }
}

/**
 * The issuer suspended the credential.
 *
 * @example
 * await verifyPresentation(parameters) // throws CredentialSuspendedError while its status is 2
 */
export class CredentialSuspendedError extends IdentityError {
  override name = "CredentialSuspendedError" as const;
  constructor({ uri, index }: { uri: string; index: number }) {
    super("The issuer has suspended this credential.", {
      code: "ENTRADA_CREDENTIAL_SUSPENDED",
      details: { uri: truncate(uri, 200), index },
    });
  }
}

/**
 * The credential's status list could not be fetched.
 *
 * @example
 * await verifyPresentation(parameters) // throws StatusListUnavailableError (retryable) when the list's URL is down
 */
export class StatusListUnavailableError extends IdentityError {
  override name = "StatusListUnavailableError" as const;
  constructor({ uri, cause }: { uri: string; cause?: unknown }) {
    super("The credential's status list could not be fetched; try again later.", {
      code: "ENTRADA_STATUS_LIST_UNAVAILABLE",
      details: { uri: truncate(uri, 200) },
      retryable: true,
      cause,
    });
  }
}

/**
 * The status list token is not valid for this credential.
 *
 * @example
 * await verifyPresentation(parameters) // throws StatusListInvalidError when the token's sub is another list
 */
export class StatusListInvalidError extends IdentityError {
  override name = "StatusListInvalidError" as const;
  constructor({ uri, reason, cause }: { uri: string; reason: string; cause?: unknown }) {
    super(`The credential's status list is unusable: ${reason}.`, {
      code: "ENTRADA_STATUS_LIST_INVALID",
      details: { uri: truncate(uri, 200), reason },
      cause,
    });
  }
}

/**
 * The presentation lacks claims the verifier requires.
 *
 * @example
 * await verifyPresentation({ requiredClaims: ["birthdate"], presentation: nameOnly, … }) // throws MissingRequiredClaimError
 */
export class MissingRequiredClaimError extends IdentityError {
  override name = "MissingRequiredClaimError" as const;
  readonly missing: readonly string[];
  constructor({ missing }: { missing: readonly string[] }) {
    super(`The presentation does not disclose ${missing.map((claim) => `"${truncate(claim, 40)}"`).join(", ")}.`, {
      code: "ENTRADA_PRESENTATION_CLAIM_MISSING",
      details: { missing: missing.map((claim) => truncate(claim, 40)) },
    });
    this.missing = missing;
  }
}
