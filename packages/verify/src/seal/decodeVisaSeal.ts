import { decodeC40 } from "../encoding/c40.ts";
import { decodeSealDate } from "../encoding/sealDate.ts";
import { sealMalformed } from "../errors/VerifyError.ts";
import { parseVisaMrz, sealedMrzLength } from "../mrz/visaMrz.ts";
import {
  entradaTags,
  readDerLength,
  readSealPrefix,
  signatureLength,
  signatureMarker,
  visaDocumentTypeCategory,
  visaFeatureDefinitionReference,
  visaTags,
} from "./sealLayout.ts";
import type { DecodedVisaSeal, SealHeader, VisaEntries } from "./VisaSealData.ts";

type Feature = { value: Uint8Array; offset: number };

/** The tag-length-value features from `start` to the signature marker; the marker's offset. */
function readFeatures(bytes: Uint8Array, start: number): { features: Map<number, Feature>; end: number } {
  const features = new Map<number, Feature>();
  let at = start;
  while (at < bytes.length && bytes[at] !== signatureMarker) {
    const tag = bytes[at]!;
    const { length, start: valueStart } = readDerLength(bytes, at + 1);
    if (valueStart + length > bytes.length) throw sealMalformed("length", "a feature runs past the end", at);
    if (features.has(tag)) throw sealMalformed("feature_duplicate", `feature 0x${tag.toString(16)} appears twice`, at);
    features.set(tag, { value: bytes.subarray(valueStart, valueStart + length), offset: valueStart });
    at = valueStart + length;
  }
  if (at >= bytes.length) throw sealMalformed("signature", "there is no signature zone", at);
  return { features, end: at };
}

/** The features inside the additional features (tag 0x07): tag and one length byte each. */
function readSubFeatures(feature: Feature): Map<number, Feature> {
  const features = new Map<number, Feature>();
  let at = 0;
  while (at < feature.value.length) {
    const tag = feature.value[at]!;
    const length = feature.value[at + 1];
    if (length === undefined || at + 2 + length > feature.value.length) {
      throw sealMalformed("length", "an additional feature runs past its end", feature.offset + at);
    }
    if (features.has(tag)) throw sealMalformed("feature_duplicate", "an additional feature appears twice");
    features.set(tag, { value: feature.value.subarray(at + 2, at + 2 + length), offset: feature.offset + at + 2 });
    at += 2 + length;
  }
  return features;
}

function required(features: Map<number, Feature>, tag: number, length: number, name: string): Feature {
  const feature = features.get(tag);
  if (feature === undefined) throw sealMalformed("feature_missing", `the ${name} is missing`);
  if (feature.value.length !== length) {
    throw sealMalformed("length", `the ${name} is not ${length} bytes long`, feature.offset);
  }
  return feature;
}

/**
 * Reads a seal without verifying it: the header, the visa's data and the signature. Use
 * {@link verifyVisaSeal} to know whether to believe it.
 *
 * The MRZ gives the birth date and the end of validity without their century: the birth date is
 * read as the latest such day not after the issue date, the end of validity as the one within 50
 * years of it. A name longer than the MRZ's 31 places comes back cut as the MRZ cut it.
 *
 * @throws {VerifyError} `ENTRADA_SEAL_MALFORMED` when the bytes are not an Entrada e-visa seal
 *   (`details.reason`, `details.offset`); never another error, whatever the bytes.
 * @example
 * const { data, header } = decodeVisaSeal(sealFromBase64url(text));
 * data.surname // "ERIKSSON"
 */
export function decodeVisaSeal(bytes: Uint8Array): DecodedVisaSeal {
  const prefix = readSealPrefix(bytes);
  const at = prefix.headerLength - 8;
  const header: SealHeader = {
    version: bytes[1]!,
    issuingCountry: decodeC40(bytes.subarray(2, 4), 2).trimEnd(),
    signerIdentifier: prefix.signerIdentifier,
    certificateReference: prefix.certificateReference,
    issuedOn: decodeSealDate(bytes.subarray(at, at + 3), at),
    signedOn: decodeSealDate(bytes.subarray(at + 3, at + 6), at + 3),
    documentFeatureDefinitionReference: bytes[at + 6]!,
    documentTypeCategory: bytes[at + 7]!,
  };
  if (
    header.documentFeatureDefinitionReference !== visaFeatureDefinitionReference ||
    header.documentTypeCategory !== visaDocumentTypeCategory
  ) {
    throw sealMalformed("document_type", "it is not a visa's seal (document type 0x5D01)", at + 6);
  }

  const { features, end } = readFeatures(bytes, prefix.headerLength);
  const { length: signatureBytes, start: signatureStart } = readDerLength(bytes, end + 1);
  if (signatureBytes !== signatureLength || signatureStart + signatureLength > bytes.length) {
    throw sealMalformed("signature", "the signature is not 64 bytes (ECDSA P-256, r‖s)", end + 1);
  }
  if (signatureStart + signatureLength !== bytes.length) {
    throw sealMalformed("trailing_bytes", "bytes follow the signature", signatureStart + signatureLength);
  }

  const mrzFeature = required(features, visaTags.mrzMrvB, 44, "MRZ (MRV-B)");
  const mrzText = decodeC40(mrzFeature.value, mrzFeature.offset).replace(/ /g, "<");
  if (mrzText.length !== sealedMrzLength) throw sealMalformed("mrz", "the MRZ is not 64 characters", mrzFeature.offset);
  const mrz = parseVisaMrz(mrzText, header.issuedOn);
  if (mrz.issuingState !== header.issuingCountry) {
    throw sealMalformed("mrz", "the MRZ's issuing state is not the header's", mrzFeature.offset);
  }

  const entriesByte = required(features, visaTags.numberOfEntries, 1, "number of entries").value[0]!;
  const entries: VisaEntries = entriesByte === 0 ? "multiple" : entriesByte;
  const stay = required(features, visaTags.durationOfStay, 3, "duration of stay");
  if (stay.value[1] !== 0 || stay.value[2] !== 0 || stay.value[0] === 0) {
    throw sealMalformed("feature_value", "the duration of stay is not a number of days", stay.offset);
  }
  const passport = required(features, visaTags.passportNumber, 6, "passport number");
  const passportNumber = decodeC40(passport.value, passport.offset).replace(/[ <]+$/, "");
  if (!/^[A-Z0-9]{1,9}$/.test(passportNumber)) {
    throw sealMalformed("feature_value", "the passport number is not 1-9 letters or digits", passport.offset);
  }

  const additionalFeature = features.get(visaTags.additionalFeatures);
  if (additionalFeature === undefined)
    throw sealMalformed("feature_missing", "Entrada's additional features are missing");
  const additional = readSubFeatures(additionalFeature);
  const validFromFeature = required(additional, entradaTags.validFrom, 3, "first day of validity");
  const validFrom = decodeSealDate(validFromFeature.value, validFromFeature.offset);
  const statusFeature = additional.get(entradaTags.statusIndex);
  if (statusFeature !== undefined && (statusFeature.value.length < 1 || statusFeature.value.length > 4)) {
    throw sealMalformed("length", "the status list index is not 1-4 bytes", statusFeature.offset);
  }
  const statusIndex = statusFeature?.value.reduce((value, byte) => value * 256 + byte, 0);

  return {
    header,
    data: {
      issuingState: header.issuingCountry,
      issuedOn: header.issuedOn,
      reference: mrz.visaNumber,
      surname: mrz.surname,
      givenNames: mrz.givenNames,
      nationality: mrz.nationality,
      birthDate: mrz.birthDate,
      sex: mrz.sex,
      passportNumber,
      validFrom,
      validUntil: mrz.validUntil,
      entries,
      durationOfStayDays: stay.value[0]!,
      ...(statusIndex === undefined ? {} : { statusIndex }),
    },
    mrz: [mrzText.slice(0, 36), mrzText.slice(36).padEnd(36, "<")],
    signedBytes: bytes.slice(0, end),
    signature: bytes.slice(signatureStart, signatureStart + signatureLength),
  };
}
