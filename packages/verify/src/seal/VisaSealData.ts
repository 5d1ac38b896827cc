/** How many times the visa admits its holder: a count, or `"multiple"` (no limit). */
export type VisaEntries = number | "multiple";

/**
 * What an e-visa's seal says: the visa as its MRZ, its stay and its passport, and which authority
 * key signed it. Names are the Latin transliteration of the passport's MRZ (A-Z and spaces).
 */
export interface VisaSealData {
  /** ICAO code of the issuing state, e.g. "THA" (Germany is "D"). */
  issuingState: string;
  /** Entrada authority id: the signer identifier is derived from it. */
  authorityId: string;
  /** The authority issuer key's `kid` (RFC 7638 thumbprint): the certificate reference is derived from it. */
  kid: string;
  /** Document issue date, YYYY-MM-DD. */
  issuedOn: string;
  /** The visa number: the application's short reference, 1-9 of A-Z and 0-9. */
  reference: string;
  surname: string;
  givenNames: string;
  /** ICAO code of the holder's nationality, e.g. "GBR". */
  nationality: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex: "M" | "F" | "X";
  /** The passport the visa is for: 1-9 of A-Z and 0-9. */
  passportNumber: string;
  /** First day the visa may be used, YYYY-MM-DD. */
  validFrom: string;
  /** Last day the visa may be used, YYYY-MM-DD. */
  validUntil: string;
  entries: VisaEntries;
  /** Longest stay per entry, in days (1-254). */
  durationOfStayDays: number;
  /** Index of the visa in its authority's Token Status List, for an online revocation check. */
  statusIndex?: number;
}

/** What a seal says, before any key is known: the seal names its signer only by short references. */
export type SealedVisaData = Omit<VisaSealData, "authorityId" | "kid">;

/** The header of a visible digital seal (ICAO Doc 9303 Part 13, 2.2), as read from the seal. */
export interface SealHeader {
  /** The header's version byte: 0x03, version 4 of Doc 9303-13. */
  version: number;
  /** ICAO code of the issuing state, fillers removed. */
  issuingCountry: string;
  /** Four characters: the signer's country (ISO alpha-2) and two naming the authority. */
  signerIdentifier: string;
  /** Six hexadecimal digits naming the authority's key. */
  certificateReference: string;
  /** Document issue date, YYYY-MM-DD. */
  issuedOn: string;
  /** Signature creation date, YYYY-MM-DD. */
  signedOn: string;
  /** 0x5D: the ICAO visa's document feature definition. */
  documentFeatureDefinitionReference: number;
  /** 0x01: a visa. */
  documentTypeCategory: number;
}

/** A seal read but not verified: {@link decodeVisaSeal}'s answer. */
export interface DecodedVisaSeal {
  header: SealHeader;
  data: SealedVisaData;
  /** The visa's MRZ, both lines of 36 (line 2's optional data, which the seal does not carry, as fillers). */
  mrz: readonly [string, string];
  /** The bytes the signature covers: header and message zone. */
  signedBytes: Uint8Array;
  /** The ECDSA P-256 signature, r‖s (64 bytes). */
  signature: Uint8Array;
}

/** An authority key a verifier trusts, as its issuer metadata publishes it. */
export interface TrustedIssuerKey {
  authorityId: string;
  kid: string;
  /** The EC P-256 public key. */
  publicJwk: JsonWebKey;
  /** The authority's name, to show beside the result. */
  name?: string;
  /** ISO date-time after which the key is no longer trusted (what it signed has expired). */
  notAfter?: string;
}

/**
 * The verdict on a seal: `valid`; `expired` or `not_yet_valid` (signed by a trusted key, outside its
 * validity); `forged` (a trusted key is named but did not sign these bytes); `unknown_issuer` (no
 * trusted key is named); `revoked`, which only a caller with the authority's status list can say.
 */
export type SealStatus = "valid" | "expired" | "not_yet_valid" | "forged" | "unknown_issuer" | "revoked";

/** {@link verifyVisaSeal}'s answer. `data` only when the signature verified. */
export interface SealVerification {
  valid: boolean;
  status: SealStatus;
  data?: VisaSealData;
  authorityId?: string;
  kid?: string;
  /** The trusted key's `name`, when it has one. */
  authorityName?: string;
  /** The seal's header, when it could be read. */
  header?: SealHeader;
}
