import { type BaseErrorParameters, CodedError } from "@entrada/core";

/** One entry of {@link identityErrorCodes}. */
export type IdentityErrorCodeEntry = {
  /** HTTP status the API answers with when the error reaches it. */
  readonly status: number;
  /** What the code means and what the caller or operator can do about it; docs/errors.md lists these. */
  readonly description: string;
};

/**
 * The stable error codes of `@entrada/identity`, beside the domain codes of `errorCodes` in
 * `@entrada/core` (a closed registry this package cannot extend). A published code is never renamed
 * or reused for another meaning. Details never carry passport data: only field names, codes and
 * opaque ids.
 *
 * @example
 * identityErrorCodes.ENTRADA_CREDENTIAL_REVOKED.status // 401
 */
export const identityErrorCodes = {
  // MRZ
  ENTRADA_MRZ_INPUT_INVALID: {
    status: 400,
    description:
      "A value cannot be written into a machine readable zone (a date that does not exist, a country code that is not ICAO's, a document number or optional data too long for the format). `details.field` names it.",
  },

  // CSV
  ENTRADA_CSV_INVALID: {
    status: 400,
    description:
      "The text is not CSV as RFC 4180 writes it (an unterminated quote, a character after a closing quote). `details.line` points at it.",
  },

  // sanctions
  ENTRADA_SANCTIONS_LIST_INVALID: {
    status: 500,
    description:
      "The sanctions list is not in the OFAC SDN/ALT CSV layout (wrong column count, an unterminated quote, an alias of an unknown entry). `details.line` points at the problem; screening refuses to run on a list it cannot read.",
  },

  // KYC
  ENTRADA_KYC_CONFIG_INVALID: {
    status: 500,
    description:
      "The KYC pipeline or provider was configured with an impossible value (a fingerprint key shorter than 32 bytes, a minimum age below 0, a provider URL that is not http(s)).",
  },
  ENTRADA_KYC_PROVIDER_UNAVAILABLE: {
    status: 503,
    description:
      "The identity-verification provider did not answer in time, was unreachable or answered with a server error. Nothing was decided; retry later.",
  },
  ENTRADA_KYC_PROVIDER_REJECTED: {
    status: 502,
    description:
      "The identity-verification provider refused the request (a 4xx answer such as a bad API key or an unsupported document). An operator must look at the provider's message.",
  },
  ENTRADA_KYC_PROVIDER_RESPONSE_INVALID: {
    status: 502,
    description: "The identity-verification provider answered with something that is not the expected JSON result.",
  },

  // credential issuance
  ENTRADA_ISSUER_KEY_INVALID: {
    status: 500,
    description:
      "The credential issuer's key is not a private EC P-256 JWK (ES256). Configure the key printed by the key generation helper.",
  },
  ENTRADA_HOLDER_KEY_INVALID: {
    status: 400,
    description:
      "The holder key to bind the credential to is not a public EC P-256 JWK, or it carries a private part (`d`), which must never leave the holder's device.",
  },
  ENTRADA_HOLDER_KEY_PROOF_INVALID: {
    status: 400,
    description:
      "The proof of possession of the new holder key is refused: not an `openid4vci-proof+jwt` signed with ES256 by the very key in the request, for another issuer (`aud`) or nonce (the id of the credential being moved), or older than 5 minutes. `details.reason` says which. Make a new proof and try again.",
  },
  ENTRADA_IDENTITY_CLAIMS_INVALID: {
    status: 400,
    description:
      "The identity to put into a credential is incomplete or malformed (a date that is not YYYY-MM-DD, an empty name, a nationality that is not three capital letters). `details.field` names it.",
  },
  ENTRADA_STATUS_LIST_ENTRY_INVALID: {
    status: 400,
    description:
      "A status list index is outside the list, or a status value does not fit the list's bits per entry (1 bit: 0-1, 2 bits: 0-3).",
  },

  // holder
  ENTRADA_CREDENTIAL_MALFORMED: {
    status: 400,
    description: "The credential is not an SD-JWT VC (`issuer-jwt~disclosure~…~`) that this wallet can read.",
  },
  ENTRADA_CLAIM_NOT_IN_CREDENTIAL: {
    status: 422,
    description: "A claim was requested that the credential does not contain; it cannot be disclosed.",
  },

  // presentation verification
  ENTRADA_PRESENTATION_MALFORMED: {
    status: 400,
    description:
      "The presentation is not a compact SD-JWT with a key-binding JWT, or one of its parts cannot be decoded.",
  },
  ENTRADA_ISSUER_UNTRUSTED: {
    status: 401,
    description: "The credential's issuer (`iss`) is not one this verifier trusts.",
  },
  ENTRADA_ISSUER_METADATA_UNAVAILABLE: {
    status: 503,
    description:
      "The issuer's `/.well-known/jwt-vc-issuer` metadata could not be fetched. Nothing was decided; retry later.",
  },
  ENTRADA_ISSUER_METADATA_INVALID: {
    status: 502,
    description:
      "The issuer's metadata is not `{ issuer, jwks: { keys } }`, or names another issuer than the credential's `iss`.",
  },
  ENTRADA_ISSUER_KEY_UNKNOWN: {
    status: 401,
    description:
      "No key in the issuer's published JWKS matches the credential's `kid` (a forged credential, or a key the issuer has withdrawn).",
  },
  ENTRADA_CREDENTIAL_SIGNATURE_INVALID: {
    status: 401,
    description:
      "The issuer's signature over the credential does not verify: it was altered or not signed by the issuer.",
  },
  ENTRADA_CREDENTIAL_TYPE_INVALID: {
    status: 401,
    description:
      "The credential is not of the expected kind: its header `typ` is not `dc+sd-jwt`, its `alg` is not ES256, or its `vct` is not the expected credential type.",
  },
  ENTRADA_CREDENTIAL_EXPIRED: {
    status: 401,
    description:
      "The credential's `exp` has passed (or its `iat`/`nbf` lies in the future). The traveller verifies again.",
  },
  ENTRADA_DISCLOSURE_TAMPERED: {
    status: 401,
    description:
      "A disclosure is not one the issuer signed (its digest is not in the credential), appears twice, or is malformed: the presentation was altered.",
  },
  ENTRADA_KEY_BINDING_INVALID: {
    status: 401,
    description:
      "The key-binding JWT is missing, not `kb+jwt`, not signed by the credential's holder key (`cnf.jwk`), too old or from the future, or its `sd_hash` does not cover the presented disclosures. `details.reason` says which.",
  },
  ENTRADA_PRESENTATION_NONCE_MISMATCH: {
    status: 401,
    description:
      "The key-binding JWT answers another challenge (`nonce`): a replayed presentation. Request a new nonce.",
  },
  ENTRADA_PRESENTATION_AUDIENCE_MISMATCH: {
    status: 401,
    description: "The key-binding JWT was made for another verifier (`aud`).",
  },
  ENTRADA_CREDENTIAL_REVOKED: {
    status: 401,
    description:
      "The issuer revoked the credential (its status list entry is 1, invalid). The traveller verifies again.",
  },
  ENTRADA_CREDENTIAL_SUSPENDED: {
    status: 401,
    description:
      "The issuer suspended the credential (its status list entry is 2, suspended), for example during a review.",
  },
  ENTRADA_STATUS_LIST_UNAVAILABLE: {
    status: 503,
    description: "The credential's status list could not be fetched, so revocation cannot be ruled out. Retry later.",
  },
  ENTRADA_STATUS_LIST_INVALID: {
    status: 502,
    description:
      "The status list token is not a `statuslist+jwt` signed by the credential's issuer for this list (`sub`), has expired, or does not contain the credential's index.",
  },
  ENTRADA_PRESENTATION_CLAIM_MISSING: {
    status: 422,
    description:
      "The presentation does not disclose a claim the verifier requires (`details.missing` lists them). Present again with those claims.",
  },

  // documents
  ENTRADA_DOCUMENT_REJECTED: {
    status: 422,
    description:
      "The uploaded document is not accepted (`details.problems`: empty, too_large, unsupported_type, type_mismatch, unreadable, dimensions_too_small, dimensions_too_large, too_many_pixels: over 40 megapixels, judged from the image's header before anything decodes it).",
  },
  ENTRADA_DOCUMENT_NOT_FOUND: {
    status: 404,
    description: "No stored document has this content id.",
  },
  ENTRADA_DOCUMENT_CID_INVALID: {
    status: 400,
    description: "The string is not a CIDv1 content id as Entrada's document store hands out.",
  },
  ENTRADA_DOCUMENT_INTEGRITY: {
    status: 500,
    description:
      "A stored blob does not hash to its content id, or the IPFS node answered with another content id than the one computed locally: storage is corrupt or misconfigured.",
  },
  ENTRADA_DOCUMENT_DECRYPTION_FAILED: {
    status: 500,
    description:
      "A sealed document cannot be opened: it was altered, is not a sealed document, or was sealed under a master key that is not configured (`details.reason`).",
  },
  ENTRADA_DOCUMENT_KEY_INVALID: {
    status: 500,
    description: "The document master key is not 32 bytes (AES-256), written as 64 hex digits or base64.",
  },
  ENTRADA_DOCUMENT_STORE_UNAVAILABLE: {
    status: 503,
    description: "The document store (a local folder or an IPFS Kubo node) could not be read or written. Retry later.",
  },
} as const satisfies Record<string, IdentityErrorCodeEntry>;

/** A stable error code of the identity package, for example `"ENTRADA_CREDENTIAL_REVOKED"`. */
export type IdentityErrorCode = keyof typeof identityErrorCodes;

/** Parameters of {@link IdentityError}: core's, with a code of {@link identityErrorCodes}. */
export type IdentityErrorParameters = Omit<BaseErrorParameters, "code"> & { code: IdentityErrorCode };

/**
 * Base class of the errors `@entrada/identity` throws on purpose: the shape of core's `BaseError`
 * (`code`, `status`, `shortMessage`, `details`, `metaMessages`, `retryable`, `toJSON()`) for the
 * codes of {@link identityErrorCodes}.
 *
 * @example
 * try {
 *   await verifyPresentation(parameters);
 * } catch (error) {
 *   if (error instanceof IdentityError) reply.status(error.status).send({ error: error.toJSON() });
 * }
 */
export class IdentityError extends CodedError<IdentityErrorCode> {
  override name = "IdentityError";

  constructor(shortMessage: string, parameters: IdentityErrorParameters) {
    super(shortMessage, { ...parameters, status: identityErrorCodes[parameters.code].status });
  }
}

/** User input ends up in messages and logs: keep a hostile megabyte string out of both. */
export function truncate(value: string, max = 64): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
