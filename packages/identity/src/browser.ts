// The browser-safe part of @entrada/identity, for apps/web: MRZ validation and building (live
// checks while the traveller types), upload pre-checks, and the holder's wallet (read a credential,
// present it with a non-extractable WebCrypto key). Nothing imported from here reaches Node
// built-ins; browser.test.ts checks that and pins the list.

export {
  type CreateHolderKeyProofParameters,
  createHolderKeyProof,
  holderKeyProofType,
} from "./credentials/createHolderKeyProof.ts";
export { createJwsSigner, type JwsSigner } from "./credentials/createJwsSigner.ts";
export {
  type IdentityCredentialClaims,
  identityClaimPaths,
  identityCredentialVct,
} from "./credentials/identityCredentialClaims.ts";
export type { Jwk } from "./credentials/issuerKey.ts";
export {
  type CheckDocumentUploadParameters,
  checkDocumentUpload,
  type DocumentMediaType,
  type DocumentProblem,
  type DocumentUploadCheck,
  type DocumentUploadLimits,
} from "./documents/checkDocumentUpload.ts";
export { ClaimNotInCredentialError, CredentialMalformedError } from "./errors/credential.ts";
export { IdentityError, type IdentityErrorCode, identityErrorCodes } from "./errors/IdentityError.ts";
export { InvalidMrzInputError } from "./errors/mrz.ts";
export { type BuildMrzParameters, buildMrz } from "./mrz/buildMrz.ts";
export { computeMrzCheckDigit } from "./mrz/computeMrzCheckDigit.ts";
export { isMrzCountryCode, mrzCountryToIso } from "./mrz/mrzCountryCodes.ts";
export { type MrzFormat, mrzLayouts } from "./mrz/mrzLayouts.ts";
export { type MrzTransliteration, mrzNameZone, toMrzName } from "./mrz/toMrzName.ts";
export {
  type MrzError,
  type MrzErrorCode,
  type MrzErrorField,
  type MrzFields,
  type MrzValidationResult,
  type ValidateMrzOptions,
  validateMrz,
} from "./mrz/validateMrz.ts";
export { type CreatePresentationParameters, createPresentation } from "./presentation/createPresentation.ts";
export { type DecodedCredential, decodeCredential } from "./presentation/decodeCredential.ts";
