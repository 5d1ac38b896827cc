import { IdentityError, truncate } from "./IdentityError.ts";

/**
 * The issuer's key is not a private EC P-256 JWK.
 *
 * @example
 * await importIssuerKey({ kty: "RSA", … }) // throws InvalidIssuerKeyError (ENTRADA_ISSUER_KEY_INVALID)
 */
export class InvalidIssuerKeyError extends IdentityError {
  override name = "InvalidIssuerKeyError" as const;
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`The credential issuer key is unusable: ${reason}.`, {
      code: "ENTRADA_ISSUER_KEY_INVALID",
      details: { reason },
      metaMessages: ["Generate one with generateIssuerKey() and configure its privateJwk as JSON."],
      cause,
    });
  }
}

/**
 * The holder key to bind a credential to is not a public EC P-256 JWK.
 *
 * @example
 * await issuer.issue({ identity, holderJwk: privateJwk, status }) // throws InvalidHolderKeyError (reason: private key)
 */
export class InvalidHolderKeyError extends IdentityError {
  override name = "InvalidHolderKeyError" as const;
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`The holder key cannot be used: ${reason}.`, {
      code: "ENTRADA_HOLDER_KEY_INVALID",
      details: { reason },
      cause,
    });
  }
}

/** Why a holder key proof was refused; see {@link HolderKeyProofInvalidError}. */
export type HolderKeyProofFailure =
  | "malformed"
  | "typ"
  | "alg"
  | "key"
  | "signature"
  | "audience"
  | "nonce"
  | "stale"
  | "future";

/**
 * The proof that the caller holds the key to bind a credential to is missing a check: not an
 * `openid4vci-proof+jwt`, not signed by that key, for another issuer or nonce, or not fresh.
 *
 * @example
 * await verifyHolderKeyProof({ proof, holderJwk: otherKey, … }) // throws HolderKeyProofInvalidError (reason "key")
 */
export class HolderKeyProofInvalidError extends IdentityError {
  override name = "HolderKeyProofInvalidError" as const;
  readonly reason: HolderKeyProofFailure;
  constructor({ reason, cause }: { reason: HolderKeyProofFailure; cause?: unknown }) {
    super(`The proof of the holder key is not accepted (${reason}).`, {
      code: "ENTRADA_HOLDER_KEY_PROOF_INVALID",
      details: { reason },
      cause,
    });
    this.reason = reason;
  }
}

/**
 * The identity to put into a credential is incomplete or malformed.
 *
 * @example
 * await issuer.issue({ identity: { ...identity, birthDate: "12.08.1974" }, … }) // throws InvalidIdentityClaimsError (field birthDate)
 */
export class InvalidIdentityClaimsError extends IdentityError {
  override name = "InvalidIdentityClaimsError" as const;
  constructor({ field, reason }: { field: string; reason: string }) {
    super(`Cannot issue a credential: ${field} ${reason}.`, {
      code: "ENTRADA_IDENTITY_CLAIMS_INVALID",
      details: { field, reason },
    });
  }
}

/**
 * A status list index outside the list, or a status that does not fit its bits.
 *
 * @example
 * list.set(200_000, 1) // throws StatusListEntryInvalidError on a list of 131 072 entries
 */
export class StatusListEntryInvalidError extends IdentityError {
  override name = "StatusListEntryInvalidError" as const;
  constructor({ reason, index, status }: { reason: string; index?: number | undefined; status?: number | undefined }) {
    super(`Invalid status list entry: ${reason}.`, {
      code: "ENTRADA_STATUS_LIST_ENTRY_INVALID",
      details: { reason, ...(index === undefined ? {} : { index }), ...(status === undefined ? {} : { status }) },
    });
  }
}

/**
 * A credential the wallet cannot read.
 *
 * @example
 * decodeCredential("not-an-sd-jwt") // throws CredentialMalformedError
 */
export class CredentialMalformedError extends IdentityError {
  override name = "CredentialMalformedError" as const;
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`The credential cannot be read: ${truncate(reason, 160)}.`, {
      code: "ENTRADA_CREDENTIAL_MALFORMED",
      details: { reason: truncate(reason, 160) },
      cause,
    });
  }
}

/**
 * A claim was requested that the credential does not have.
 *
 * @example
 * await createPresentation({ credential, disclose: ["place_of_birth"], … }) // throws ClaimNotInCredentialError
 */
export class ClaimNotInCredentialError extends IdentityError {
  override name = "ClaimNotInCredentialError" as const;
  /** The requested claim paths the credential lacks. */
  readonly claims: readonly string[];
  constructor({ claims }: { claims: readonly string[] }) {
    super(`The credential has no ${claims.map((claim) => `"${truncate(claim, 40)}"`).join(", ")} to disclose.`, {
      code: "ENTRADA_CLAIM_NOT_IN_CREDENTIAL",
      details: { claims: claims.map((claim) => truncate(claim, 40)) },
    });
    this.claims = claims;
  }
}
