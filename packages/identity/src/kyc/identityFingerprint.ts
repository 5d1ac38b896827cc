import { createHmac } from "node:crypto";
import { InvalidKycConfigError } from "../errors/kyc.ts";

/** Parameters of {@link identityFingerprint}. */
export type IdentityFingerprintParameters = {
  /** A secret of at least 32 bytes, kept like a password hash pepper (`KYC_FINGERPRINT_KEY`). */
  key: Uint8Array | string;
  /** The document's issuing state (MRZ code; `D` and `DEU` give the same fingerprint). */
  issuingCountry: string;
  documentNumber: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
};

/**
 * A stable, keyed fingerprint of one identity document, to find a second account verified with the
 * same passport: HMAC-SHA256 over the issuing state, the document number (capitals, without spaces
 * or hyphens) and the birth date. A plain hash would not do: passport numbers have only ~2³³
 * values, so anyone with the hash could find the number by trying them all; without the key
 * they cannot. Prefixed with its version (`v1:`), so that a new scheme can live beside the old.
 *
 * A renewed passport has a new number and so a new fingerprint; the sanctions and manual reviews
 * catch what this cannot.
 *
 * @example
 * identityFingerprint({ key, issuingCountry: "UTO", documentNumber: "L898902C3", birthDate: "1974-08-12" })
 * // "v1:3q2-7w…" (43 base64url characters after the prefix)
 */
export function identityFingerprint({
  key,
  issuingCountry,
  documentNumber,
  birthDate,
}: IdentityFingerprintParameters): string {
  const secret = typeof key === "string" ? Buffer.from(key, "utf8") : key;
  if (secret.byteLength < 32)
    throw new InvalidKycConfigError({ setting: "fingerprintKey", expected: "at least 32 bytes" });
  const country = issuingCountry.toUpperCase() === "D" ? "DEU" : issuingCountry.toUpperCase();
  const number = documentNumber.toUpperCase().replace(/[\s<-]+/g, "");
  const mac = createHmac("sha256", secret).update(
    `entrada/identity-fingerprint/v1\n${country}\n${number}\n${birthDate}`,
  );
  return `v1:${mac.digest("base64url")}`;
}
