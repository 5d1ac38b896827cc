import { VerifyError } from "../errors/VerifyError.ts";
import { decodeVisaSeal } from "./decodeVisaSeal.ts";
import { readSealPrefix, signatureLength, signatureMarker } from "./sealLayout.ts";
import { authorityCode, sealCertificateReference } from "./signerReference.ts";
import type { SealVerification, TrustedIssuerKey } from "./VisaSealData.ts";

/** Options of {@link verifyVisaSeal}. */
export type VerifyVisaSealOptions = {
  /** The authority keys this verifier trusts (from their issuer metadata: {@link trustedKeysFromIssuerMetadata}). */
  keys: readonly TrustedIssuerKey[];
  /** The moment to judge validity at. Default now. */
  now?: Date;
};

// The earliest and latest UTC offsets in use: a visa valid "until 2026-12-31" is still valid while
// that date lasts anywhere (until 2027-01-01T12:00Z), and one valid "from 2026-06-01" already is once
// it has begun anywhere (2026-05-31T10:00Z). The verifier does not know the border's time zone, so it
// refuses neither a traveller whose local date is within the validity nor one a day early.
const earliestOffsetHours = 14;
const latestOffsetHours = 12;
const hour = 3_600_000;

function startOfValidity(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - earliestOffsetHours * hour;
}

function endOfValidity(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) + (24 + latestOffsetHours) * hour;
}

async function importPublicKey(key: TrustedIssuerKey): Promise<CryptoKey> {
  const jwk = key.publicJwk;
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || typeof jwk.x !== "string" || typeof jwk.y !== "string") {
    throw new VerifyError("A trusted issuer key is not an EC P-256 public JWK.", {
      code: "ENTRADA_SEAL_KEY_INVALID",
      details: { reason: "not_p256", kid: key.kid },
    });
  }
  const { kty, crv, x, y } = jwk;
  try {
    return await globalThis.crypto.subtle.importKey(
      "jwk",
      { kty, crv, x, y },
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    );
  } catch (cause) {
    throw new VerifyError("A trusted issuer key cannot be imported as an EC P-256 public key.", {
      code: "ENTRADA_SEAL_KEY_INVALID",
      details: { reason: "import", kid: key.kid },
      cause,
    });
  }
}

/**
 * Verifies an e-visa's seal offline: finds the trusted authority key the seal names (its signer
 * identifier and certificate reference, derived from the authority id and the key's `kid`), checks
 * the ECDSA P-256 signature over header and message with WebCrypto (Node 20 and browsers), and only
 * then reads the visa and judges its dates.
 *
 * - `unknown_issuer`: no trusted key (within its `notAfter`) matches the seal's references;
 * - `forged`: a matching key did not sign these bytes (anything after the header's references was
 *   changed, or another key signed it);
 * - `not_yet_valid` / `expired`: signed, but `now` is before `validFrom` or after `validUntil`,
 *   counting each date as lasting while it is that date anywhere (UTC+14 to UTC−12);
 * - `valid`. `revoked` is the caller's to say, from the authority's status list and `data.statusIndex`.
 *
 * @throws {VerifyError} `ENTRADA_SEAL_MALFORMED` when the bytes are not a seal at all (another magic or
 *   version, a header cut short, no 64-byte signature at the end), `ENTRADA_SEAL_KEY_INVALID` when a
 *   matching trusted key is not an EC P-256 public JWK.
 * @example
 * const result = await verifyVisaSeal(sealFromBase64url(text), { keys: trustedKeysFromIssuerMetadata(metadata) });
 * if (result.valid) show(result.data);
 */
export async function verifyVisaSeal(bytes: Uint8Array, options: VerifyVisaSealOptions): Promise<SealVerification> {
  const prefix = readSealPrefix(bytes);
  const signatureStart = bytes.length - signatureLength;
  const signedEnd = signatureStart - 2;
  if (signedEnd < prefix.headerLength || bytes[signedEnd] !== signatureMarker || bytes[signedEnd + 1] !== 0x40) {
    // Not ours to verify: make decodeVisaSeal say precisely what is wrong.
    decodeVisaSeal(bytes);
    throw new VerifyError("Not an e-visa seal: it does not end with a 64-byte signature.", {
      code: "ENTRADA_SEAL_MALFORMED",
      details: { reason: "signature" },
    });
  }
  const now = (options.now ?? new Date()).getTime();
  const candidates: TrustedIssuerKey[] = [];
  for (const key of options.keys) {
    if (key.notAfter !== undefined && Date.parse(key.notAfter) < now) continue;
    if ((await authorityCode(key.authorityId)) !== prefix.signerIdentifier.slice(2)) continue;
    if ((await sealCertificateReference(key.kid)) !== prefix.certificateReference) continue;
    candidates.push(key);
  }
  if (candidates.length === 0) return { valid: false, status: "unknown_issuer" };

  const signed = bytes.slice(0, signedEnd);
  const signature = bytes.slice(signatureStart);
  let signer: TrustedIssuerKey | undefined;
  for (const key of candidates) {
    const publicKey = await importPublicKey(key);
    if (await globalThis.crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, publicKey, signature, signed)) {
      signer = key;
      break;
    }
  }
  if (signer === undefined) return { valid: false, status: "forged" };

  // Signed by the authority: what follows is the authority's own statement.
  const decoded = decodeVisaSeal(bytes);
  const data = { ...decoded.data, authorityId: signer.authorityId, kid: signer.kid };
  const status =
    now < startOfValidity(data.validFrom)
      ? "not_yet_valid"
      : now >= endOfValidity(data.validUntil)
        ? "expired"
        : "valid";
  return {
    valid: status === "valid",
    status,
    data,
    authorityId: signer.authorityId,
    kid: signer.kid,
    ...(signer.name === undefined ? {} : { authorityName: signer.name }),
    header: decoded.header,
  };
}
