// The public surface of @entrada/identity: ICAO 9303 MRZ, the KYC pipeline and sanctions screening,
// SD-JWT VC issuance, presentation and verification with the token status list, and encrypted
// document storage. Other packages import only from here (or, in the browser, from ./browser.ts);
// index.test.ts pins the list, so a change to it is a deliberate, reviewed change.

export {
  type CreateCredentialIssuerParameters,
  type CredentialIssuer,
  createCredentialIssuer,
  type IssueCredentialParameters,
  type IssuedCredential,
  type IssuerSigningKey,
  publicHolderKey,
  type SignStatusListParameters,
} from "./credentials/createCredentialIssuer.ts";
export {
  type CreateEvisaIssuerParameters,
  createEvisaIssuer,
  type EvisaClaims,
  type EvisaIssuer,
  evisaDisclosableClaims,
  evisaVct,
  type IssueEvisaParameters,
} from "./credentials/createEvisaIssuer.ts";
export {
  type CreateHolderKeyProofParameters,
  createHolderKeyProof,
  holderKeyProofType,
} from "./credentials/createHolderKeyProof.ts";
export { createJwsSigner, type JwsSigner } from "./credentials/createJwsSigner.ts";
export {
  type CreateStatusListParameters,
  createStatusList,
  credentialStatus,
  restoreStatusList,
  type StatusListState,
} from "./credentials/createStatusList.ts";
export { type EvisaTypeMetadata, evisaTypeMetadata, type TypeMetadataClaim } from "./credentials/evisaTypeMetadata.ts";
export {
  defaultAgeThresholds,
  type IdentityCredentialClaims,
  identityClaimPaths,
  identityCredentialVct,
} from "./credentials/identityCredentialClaims.ts";
export { generateIssuerKey, type IssuerKey, importIssuerKey, type Jwk } from "./credentials/issuerKey.ts";
export { type IssuerMetadata, issuerMetadataUrl } from "./credentials/issuerMetadata.ts";
export { type VerifyHolderKeyProofParameters, verifyHolderKeyProof } from "./credentials/verifyHolderKeyProof.ts";
export { type DidDocument, didDocument, didWeb } from "./dids/didWeb.ts";
export type { BlobStore } from "./documents/BlobStore.ts";
export {
  type CheckDocumentUploadParameters,
  checkDocumentUpload,
  type DocumentMediaType,
  type DocumentProblem,
  type DocumentUploadCheck,
  type DocumentUploadLimits,
} from "./documents/checkDocumentUpload.ts";
export { computeCid, parseCid } from "./documents/computeCid.ts";
export {
  type CreateDocumentStoreParameters,
  createDocumentStore,
  type DocumentStore,
  type StoredDocument,
} from "./documents/createDocumentStore.ts";
export { type CreateFsBlobStoreParameters, createFsBlobStore } from "./documents/createFsBlobStore.ts";
export { type CreateKuboBlobStoreParameters, createKuboBlobStore } from "./documents/createKuboBlobStore.ts";
export { generateMasterKey, openDocument, parseMasterKey, sealDocument } from "./documents/sealDocument.ts";
export {
  ClaimNotInCredentialError,
  CredentialMalformedError,
  type HolderKeyProofFailure,
  HolderKeyProofInvalidError,
  InvalidHolderKeyError,
  InvalidIdentityClaimsError,
  InvalidIssuerKeyError,
  StatusListEntryInvalidError,
} from "./errors/credential.ts";
export {
  DocumentDecryptionError,
  type DocumentDecryptionFailure,
  DocumentIntegrityError,
  DocumentNotFoundError,
  DocumentRejectedError,
  DocumentStoreUnavailableError,
  InvalidCidError,
  InvalidDocumentKeyError,
} from "./errors/documents.ts";
export {
  IdentityError,
  type IdentityErrorCode,
  type IdentityErrorCodeEntry,
  type IdentityErrorParameters,
  identityErrorCodes,
} from "./errors/IdentityError.ts";
export {
  InvalidKycConfigError,
  KycProviderRejectedError,
  KycProviderResponseInvalidError,
  KycProviderUnavailableError,
} from "./errors/kyc.ts";
export { InvalidMrzInputError } from "./errors/mrz.ts";
export {
  AudienceMismatchError,
  CredentialExpiredError,
  CredentialRevokedError,
  CredentialSignatureInvalidError,
  CredentialSuspendedError,
  CredentialTypeInvalidError,
  DisclosureTamperedError,
  IssuerMetadataInvalidError,
  IssuerMetadataUnavailableError,
  IssuerUntrustedError,
  type KeyBindingFailure,
  KeyBindingInvalidError,
  MissingRequiredClaimError,
  NonceMismatchError,
  PresentationMalformedError,
  StatusListInvalidError,
  StatusListUnavailableError,
  UnknownIssuerKeyError,
} from "./errors/presentation.ts";
export { InvalidCsvError, InvalidSanctionsListError } from "./errors/sanctions.ts";
export { compareWithMrz, type MrzDiscrepancy } from "./kyc/compareWithMrz.ts";
export { type CreateDevKycProviderParameters, createDevKycProvider } from "./kyc/createDevKycProvider.ts";
export {
  type CreateHttpKycProviderParameters,
  createHttpKycProvider,
  type KycProviderAuth,
} from "./kyc/createHttpKycProvider.ts";
export {
  type CreateKycPipelineParameters,
  createKycPipeline,
  type DuplicateIdentity,
  type KycOutcome,
  type KycPipeline,
  type KycReason,
  type KycReasonCode,
  type KycResult,
  type KycSubmission,
} from "./kyc/createKycPipeline.ts";
export { type IdentityFingerprintParameters, identityFingerprint } from "./kyc/identityFingerprint.ts";
export type { KycProvider, KycProviderCheckRequest, KycProviderCheckResult } from "./kyc/KycProvider.ts";
export type { TypedIdentity, VerifiedIdentity } from "./kyc/VerifiedIdentity.ts";
export { type BuildMrzParameters, buildMrz } from "./mrz/buildMrz.ts";
export { computeMrzCheckDigit } from "./mrz/computeMrzCheckDigit.ts";
export { isMrzCountryCode, mrzCountryToIso } from "./mrz/mrzCountryCodes.ts";
export { type MrzFormat, type MrzLayout, type MrzSpan, mrzLayouts } from "./mrz/mrzLayouts.ts";
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
export {
  type CreateHttpCredentialFetchersParameters,
  createHttpCredentialFetchers,
  type HttpCredentialFetchers,
} from "./presentation/createHttpCredentialFetchers.ts";
export { type CreatePresentationParameters, createPresentation } from "./presentation/createPresentation.ts";
export { type DecodedCredential, decodeCredential } from "./presentation/decodeCredential.ts";
export {
  type VerifiedPresentation,
  type VerifyPresentationParameters,
  verifyPresentation,
} from "./presentation/verifyPresentation.ts";
export {
  type CreateSanctionsScreenerParameters,
  createSanctionsScreener,
  type SanctionsMatch,
  type SanctionsQuery,
  type SanctionsScreener,
} from "./sanctions/createSanctionsScreener.ts";
export { loadSanctionsList, type SanctionsListPaths, sampleSanctionsListPaths } from "./sanctions/loadSanctionsList.ts";
export { nameSimilarity } from "./sanctions/nameSimilarity.ts";
export { type NormalizedName, normalizeName } from "./sanctions/normalizeName.ts";
export { type CsvRecord, parseCsv } from "./sanctions/parseCsv.ts";
export { type ParseSanctionsListParameters, parseSanctionsList } from "./sanctions/parseSanctionsList.ts";
export type {
  SanctionsAlias,
  SanctionsAliasType,
  SanctionsEntry,
  SanctionsEntryType,
} from "./sanctions/SanctionsEntry.ts";
