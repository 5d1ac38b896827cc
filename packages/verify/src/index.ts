// @entrada/verify: read and verify an Entrada e-visa's seal (ICAO Doc 9303 Part 13 visible digital
// seal, visa profile) with nothing but the authority's published key. No server dependency and no
// Node built-in: WebCrypto and plain bytes, so it runs in Node 20 and in browsers alike.

export { sealFromBase64url, sealToBase64url } from "./encoding/base64url.ts";
export { decodeC40, encodeC40, isC40Text } from "./encoding/c40.ts";
export { decodeSealDate, encodeSealDate } from "./encoding/sealDate.ts";
export {
  type SealMalformedReason,
  VerifyError,
  type VerifyErrorCode,
  verifyErrorCodes,
} from "./errors/VerifyError.ts";
export { type IssuerMetadata, trustedKeysFromIssuerMetadata } from "./keys/trustedKeysFromIssuerMetadata.ts";
export { computeCheckDigit } from "./mrz/computeCheckDigit.ts";
export { countryAlpha2, icaoCountryCode } from "./mrz/countryAlpha2.ts";
export { buildVisaMrz, parseVisaMrz, type VisaMrz, type VisaMrzFields } from "./mrz/visaMrz.ts";
export { decodeQrImage, type QrImage } from "./qr/decodeQrImage.ts";
export { decodeVisaSeal } from "./seal/decodeVisaSeal.ts";
export { type EncodeVisaSealOptions, encodeVisaSeal, type SealSigner } from "./seal/encodeVisaSeal.ts";
export { authorityCode, sealCertificateReference, sealSignerIdentifier } from "./seal/signerReference.ts";
export type {
  DecodedVisaSeal,
  SealedVisaData,
  SealHeader,
  SealStatus,
  SealVerification,
  TrustedIssuerKey,
  VisaEntries,
  VisaSealData,
} from "./seal/VisaSealData.ts";
export { type VerifyVisaSealOptions, verifyVisaSeal } from "./seal/verifyVisaSeal.ts";
