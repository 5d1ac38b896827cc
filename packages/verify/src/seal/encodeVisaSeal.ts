import { encodeC40 } from "../encoding/c40.ts";
import { encodeSealDate, isIsoDate } from "../encoding/sealDate.ts";
import { sealDataInvalid, VerifyError } from "../errors/VerifyError.ts";
import { buildVisaMrz, sealedMrzLength } from "../mrz/visaMrz.ts";
import {
  derLength,
  entradaTags,
  sealMagic,
  sealVersion,
  signatureLength,
  signatureMarker,
  visaDocumentTypeCategory,
  visaFeatureDefinitionReference,
  visaTags,
} from "./sealLayout.ts";
import { sealCertificateReference, sealSignerIdentifier } from "./signerReference.ts";
import type { VisaSealData } from "./VisaSealData.ts";

/**
 * Signs the seal: ECDSA P-256 over SHA-256 of `message` (the header and message zone), answered as
 * r‖s (64 bytes), which is what WebCrypto's `subtle.sign({ name: "ECDSA", hash: "SHA-256" }, …)` gives.
 */
export type SealSigner = (message: Uint8Array<ArrayBuffer>) => Promise<Uint8Array | ArrayBuffer>;

/** Options of {@link encodeVisaSeal}. */
export type EncodeVisaSealOptions = {
  /** When the seal is signed (its signature creation date, in UTC). Default now. */
  now?: Date;
};

function tlv(tag: number, value: Uint8Array | readonly number[]): number[] {
  return [tag, ...derLength(value.length), ...value];
}

function unsignedBytes(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  return bytes;
}

function checkDate(field: string, value: string): void {
  if (!isIsoDate(value)) throw sealDataInvalid(field, "not a YYYY-MM-DD date");
  if (value < "2000-01-01" || value > "2099-12-31") throw sealDataInvalid(field, "outside 2000-2099");
}

/**
 * The bytes of an e-visa's seal: an ICAO Doc 9303 Part 13 visible digital seal with the visa
 * profile (header version 4, feature definition 0x5D, category 0x01), whose message zone holds the
 * visa's MRV-B MRZ, the number of entries, the duration of stay, the passport number and, in the
 * additional features, the first day of validity and the status list index; signed by `sign`. The
 * layout is in docs/evisa.md ("The seal in the QR code").
 *
 * @throws {VerifyError} `ENTRADA_SEAL_DATA_INVALID` when a field cannot be written (`details.field`),
 *   `ENTRADA_SEAL_SIGNER_INVALID` when `sign` does not answer 64 bytes.
 * @example
 * const seal = await encodeVisaSeal(visa, async (message) =>
 *   new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, message)));
 * sealToBase64url(seal) // about 215 characters
 */
export async function encodeVisaSeal(
  data: VisaSealData,
  sign: SealSigner,
  options: EncodeVisaSealOptions = {},
): Promise<Uint8Array> {
  checkDate("issuedOn", data.issuedOn);
  checkDate("validFrom", data.validFrom);
  checkDate("validUntil", data.validUntil);
  if (data.validUntil < data.validFrom) throw sealDataInvalid("validUntil", "before validFrom");
  if (data.authorityId.length === 0) throw sealDataInvalid("authorityId", "empty");
  if (data.kid.length === 0) throw sealDataInvalid("kid", "empty");
  const entries = data.entries === "multiple" ? 0 : data.entries;
  if (!Number.isInteger(entries) || entries < 0 || entries > 255 || (data.entries !== "multiple" && entries === 0)) {
    throw sealDataInvalid("entries", 'a whole number from 1 to 255, or "multiple"');
  }
  if (!Number.isInteger(data.durationOfStayDays) || data.durationOfStayDays < 1 || data.durationOfStayDays > 254) {
    throw sealDataInvalid("durationOfStayDays", "a whole number of days from 1 to 254");
  }
  const passportNumber = data.passportNumber.toUpperCase();
  if (!/^[A-Z0-9]{1,9}$/.test(passportNumber)) throw sealDataInvalid("passportNumber", "1 to 9 letters or digits");
  const statusIndex = data.statusIndex;
  if (statusIndex !== undefined && (!Number.isInteger(statusIndex) || statusIndex < 0 || statusIndex > 0xffff_ffff)) {
    throw sealDataInvalid("statusIndex", "a whole number from 0 to 2³²-1");
  }
  const [line1, line2] = buildVisaMrz({
    issuingState: data.issuingState,
    surname: data.surname,
    givenNames: data.givenNames,
    visaNumber: data.reference,
    nationality: data.nationality,
    birthDate: data.birthDate,
    sex: data.sex,
    validUntil: data.validUntil,
  });
  const issuingState = line1.slice(2, 5);
  const signedOn = (options.now ?? new Date()).toISOString().slice(0, 10);
  const signerIdentifier = await sealSignerIdentifier(issuingState, data.authorityId);
  const certificateReference = await sealCertificateReference(data.kid);
  const referenceLength = certificateReference.length.toString(16).toUpperCase().padStart(2, "0");

  const header = [
    sealMagic,
    sealVersion,
    ...encodeC40(issuingState),
    ...encodeC40(`${signerIdentifier}${referenceLength}${certificateReference}`),
    ...encodeSealDate(data.issuedOn),
    ...encodeSealDate(signedOn),
    visaFeatureDefinitionReference,
    visaDocumentTypeCategory,
  ];
  const additional = [
    ...tlv(entradaTags.validFrom, encodeSealDate(data.validFrom)),
    ...(statusIndex === undefined ? [] : tlv(entradaTags.statusIndex, unsignedBytes(statusIndex))),
  ];
  const message = [
    ...tlv(visaTags.mrzMrvB, encodeC40(`${line1}${line2}`.slice(0, sealedMrzLength))),
    ...tlv(visaTags.numberOfEntries, [entries]),
    ...tlv(visaTags.durationOfStay, [data.durationOfStayDays, 0, 0]),
    ...tlv(visaTags.passportNumber, encodeC40(passportNumber.padEnd(9, "<"))),
    ...tlv(visaTags.additionalFeatures, additional),
  ];
  const signed = new Uint8Array([...header, ...message]);
  // WebCrypto's sign answers an ArrayBuffer; take that too.
  const answer = await sign(signed.slice());
  const signature = answer instanceof ArrayBuffer ? new Uint8Array(answer) : answer;
  if (!(signature instanceof Uint8Array) || signature.length !== signatureLength) {
    throw new VerifyError("The seal signer did not answer a 64-byte ECDSA P-256 signature (r‖s).", {
      code: "ENTRADA_SEAL_SIGNER_INVALID",
      details: { length: signature instanceof Uint8Array ? signature.length : -1 },
    });
  }
  return new Uint8Array([...signed, signatureMarker, ...derLength(signatureLength), ...signature]);
}
