import { decodeC40 } from "../encoding/c40.ts";
import { sealMalformed } from "../errors/VerifyError.ts";

/** The first byte of every visible digital seal (ICAO Doc 9303 Part 13, 2.2). */
export const sealMagic = 0xdc;
/** The version byte: 0x03 is version 4, with a certificate reference of variable length. */
export const sealVersion = 0x03;
/** Document feature definition reference of the ICAO visa (Doc 9303-13, visa profile). */
export const visaFeatureDefinitionReference = 0x5d;
/** Document type category of a visa. */
export const visaDocumentTypeCategory = 0x01;
/** The start of the signature zone. */
export const signatureMarker = 0xff;
/** An ECDSA P-256 signature, r‖s. */
export const signatureLength = 64;

/** The message zone's feature tags of the ICAO visa profile, and Entrada's inside "additional features". */
export const visaTags = {
  /** MRZ of an MRV-B visa: 64 characters, 44 C40 bytes. */
  mrzMrvB: 0x02,
  /** Number of entries, 1 byte; 0 = multiple. */
  numberOfEntries: 0x03,
  /** Duration of stay: 3 bytes, days, months, years. */
  durationOfStay: 0x04,
  /** Passport number: 9 characters (filled with `<`), 6 C40 bytes. */
  passportNumber: 0x05,
  /** Additional features, for the issuer's use: Entrada's sub-features below. */
  additionalFeatures: 0x07,
} as const;

/** Entrada's sub-features inside the visa's additional features (tag 0x07): tag, length, value. */
export const entradaTags = {
  /** First day of validity: a 3-byte seal date. */
  validFrom: 0x01,
  /** Index in the authority's Token Status List: unsigned big-endian, 1-4 bytes. */
  statusIndex: 0x02,
} as const;

/** The start of a seal, as much as a verifier needs before checking the signature. */
export type SealPrefix = {
  signerIdentifier: string;
  certificateReference: string;
  /** Bytes of the header. */
  headerLength: number;
};

/**
 * Reads magic, version, signer identifier and certificate reference, and the header's length,
 * without judging the rest: a verifier checks the signature before it believes any other byte.
 *
 * @throws {VerifyError} `ENTRADA_SEAL_MALFORMED`.
 */
export function readSealPrefix(bytes: Uint8Array): SealPrefix {
  if (bytes.length < 1) throw sealMalformed("truncated", "it is empty", 0);
  if (bytes[0] !== sealMagic) throw sealMalformed("magic", "it does not start with 0xDC", 0);
  if (bytes.length < 8) throw sealMalformed("truncated", "the header is cut short", bytes.length);
  if (bytes[1] !== sealVersion) throw sealMalformed("version", "only version 4 (0x03) seals are Entrada's", 1);
  const signerAndLength = decodeC40(bytes.subarray(4, 8), 4);
  const lengthDigits = signerAndLength.slice(4, 6);
  if (signerAndLength.length !== 6 || !/^[0-9A-F]{2}$/.test(lengthDigits)) {
    throw sealMalformed("length", "the certificate reference's length is not two hexadecimal digits", 6);
  }
  const referenceLength = Number.parseInt(lengthDigits, 16);
  if (referenceLength === 0) throw sealMalformed("length", "the certificate reference is empty", 6);
  const referenceBytes = Math.floor((referenceLength - 1) / 3) * 2 + 2;
  const headerLength = 8 + referenceBytes + 8;
  if (bytes.length < headerLength) throw sealMalformed("truncated", "the header is cut short", bytes.length);
  const certificateReference = decodeC40(bytes.subarray(8, 8 + referenceBytes), 8);
  if (certificateReference.length !== referenceLength) {
    throw sealMalformed("length", "the certificate reference is not as long as its length says", 8);
  }
  return { signerIdentifier: signerAndLength.slice(0, 4), certificateReference, headerLength };
}

/** A DER length (one byte below 0x80, else 0x81 or 0x82 and one or two bytes), and where the value starts. */
export function readDerLength(bytes: Uint8Array, at: number): { length: number; start: number } {
  const first = bytes[at];
  if (first === undefined) throw sealMalformed("truncated", "a length is cut off", at);
  if (first < 0x80) return { length: first, start: at + 1 };
  const count = first - 0x80;
  if (count < 1 || count > 2 || at + 1 + count > bytes.length) throw sealMalformed("length", "a length is not DER", at);
  let length = 0;
  for (let k = 1; k <= count; k++) length = length * 256 + bytes[at + k]!;
  return { length, start: at + 1 + count };
}

/** A DER length's bytes. */
export function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  if (length < 0x100) return [0x81, length];
  return [0x82, length >> 8, length & 0xff];
}
