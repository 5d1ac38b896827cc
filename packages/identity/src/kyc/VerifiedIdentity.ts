/** The identity as the traveller typed it from the data page, before any check. */
export type TypedIdentity = {
  /** As printed in the visual zone, in Latin script, diacritics allowed ("Müller"). */
  surname: string;
  /** "" when the passport has none. */
  givenNames: string;
  documentNumber: string;
  /** ISO 3166-1 alpha-3 ("DEU"); ICAO's MRZ codes ("D") are accepted too. */
  nationality: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** `YYYY-MM-DD`. */
  expiryDate: string;
  /** "X" for unspecified. */
  sex: "M" | "F" | "X";
  /** Optional: the MRZ says it; when typed, it must agree. */
  issuingCountry?: string | undefined;
};

/**
 * An identity that passed the KYC pipeline's document checks: names as the traveller typed them
 * (they agree with the MRZ, diacritics kept), everything else as the MRZ says, countries in ISO
 * 3166-1 alpha-3. This is what a credential is issued for.
 */
export type VerifiedIdentity = {
  readonly surname: string;
  readonly givenNames: string;
  readonly birthDate: string;
  readonly nationality: string;
  readonly sex: "M" | "F" | "X";
  readonly documentType: "passport" | "identity_card";
  readonly documentNumber: string;
  readonly issuingCountry: string;
  readonly expiryDate: string;
};
