import { type BaseErrorParameters, CodedError } from "@entrada/core";

/** One entry of {@link verifyErrorCodes}. */
export type VerifyErrorCodeEntry = {
  /** HTTP status the API answers with when the error reaches it. */
  readonly status: number;
  /** What the code means and what the caller can do about it; docs/errors.md lists these. */
  readonly description: string;
};

/**
 * The stable error codes of `@entrada/verify`. A published code is never renamed or reused for
 * another meaning. Details never carry the holder's data: only a `reason` and byte offsets.
 *
 * @example
 * verifyErrorCodes.ENTRADA_SEAL_MALFORMED.status // 400
 */
export const verifyErrorCodes = {
  ENTRADA_SEAL_MALFORMED: {
    status: 400,
    description:
      "The text or bytes are not an Entrada e-visa seal (an ICAO 9303-13 visible digital seal with the visa profile): not base64url, cut short, another magic byte, version or document type, a length that overruns, a character C40 cannot hold, a date that does not exist; or an image in which no QR code can be read. `details.reason` says which.",
  },
  ENTRADA_SEAL_DATA_INVALID: {
    status: 400,
    description:
      "The visa cannot be written into a seal: a name or number with characters other than A-Z, 0-9 and spaces, a visa or passport number longer than 9 characters, a stay longer than 254 days, a date that is not YYYY-MM-DD. `details.field` names it.",
  },
  ENTRADA_SEAL_SIGNER_INVALID: {
    status: 500,
    description:
      "The signing function gave something other than a 64-byte ECDSA P-256 signature (r‖s, as WebCrypto returns it).",
  },
  ENTRADA_SEAL_KEY_INVALID: {
    status: 500,
    description:
      "A trusted issuer key is not an EC P-256 public JWK with a `kid`, or the issuer metadata is not `{ issuer, jwks: { keys } }` with an issuer `<origin>/authorities/<id>`. `details.reason` says which.",
  },
} as const satisfies Record<string, VerifyErrorCodeEntry>;

/** A stable error code of the verify package, for example `"ENTRADA_SEAL_MALFORMED"`. */
export type VerifyErrorCode = keyof typeof verifyErrorCodes;

/** Parameters of {@link VerifyError}: core's, with a code of {@link verifyErrorCodes}. */
export type VerifyErrorParameters = Omit<BaseErrorParameters, "code"> & { code: VerifyErrorCode };

/**
 * The error `@entrada/verify` throws on purpose: the shape of core's `BaseError` (`code`, `status`,
 * `shortMessage`, `details`, `toJSON()`) for the codes of {@link verifyErrorCodes}, so the API answers
 * it as any other Entrada error.
 *
 * @example
 * try {
 *   decodeVisaSeal(bytes);
 * } catch (error) {
 *   if (error instanceof VerifyError && error.code === "ENTRADA_SEAL_MALFORMED") showNotASeal();
 * }
 */
export class VerifyError extends CodedError<VerifyErrorCode> {
  override name = "VerifyError";

  constructor(shortMessage: string, parameters: VerifyErrorParameters) {
    super(shortMessage, { ...parameters, status: verifyErrorCodes[parameters.code].status });
  }
}

/** Why a seal cannot be read, as `details.reason` of `ENTRADA_SEAL_MALFORMED`. */
export type SealMalformedReason =
  | "base64url"
  | "truncated"
  | "magic"
  | "version"
  | "document_type"
  | "c40"
  | "date"
  | "length"
  | "signature"
  | "trailing_bytes"
  | "feature_missing"
  | "feature_duplicate"
  | "mrz"
  | "feature_value"
  | "image"
  | "qr_code";

/** A seal that cannot be read; `reason` says why and `offset` where, in bytes from the start. */
export function sealMalformed(reason: SealMalformedReason, message: string, offset?: number): VerifyError {
  return new VerifyError(`Not an e-visa seal: ${message}.`, {
    code: "ENTRADA_SEAL_MALFORMED",
    details: offset === undefined ? { reason } : { reason, offset },
  });
}

/** A visa field that cannot be written into a seal. */
export function sealDataInvalid(field: string, message: string): VerifyError {
  return new VerifyError(`Cannot write ${field} into a visa seal: ${message}.`, {
    code: "ENTRADA_SEAL_DATA_INVALID",
    details: { field },
  });
}
