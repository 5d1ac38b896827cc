// Test helpers: a real P-256 authority key (WebCrypto) and a realistic visa (`@entrada/verify/testing`).
import { encodeVisaSeal, type SealSigner } from "../seal/encodeVisaSeal.ts";
import type { TrustedIssuerKey, VisaSealData } from "../seal/VisaSealData.ts";

/** An authority's signing key, and the trusted-key entry a verifier would hold for it. */
export type TestAuthority = {
  sign: SealSigner;
  trusted: TrustedIssuerKey;
};

/** The RFC 7638 thumbprint of a P-256 public JWK, base64url: the `kid` Entrada gives authority keys. */
async function thumbprint(jwk: JsonWebKey): Promise<string> {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A fresh authority key pair. */
export async function createTestAuthority(authorityId = "th-immigration"): Promise<TestAuthority> {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const publicJwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  const kid = await thumbprint(publicJwk);
  return {
    sign: async (message) =>
      new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, message)),
    trusted: { authorityId, kid, publicJwk: { ...publicJwk, kid } as JsonWebKey, name: "Thai Immigration Bureau" },
  };
}

/** A Thai tourist e-visa as the server would seal it (the seed's product: 60 days, single entry). */
export function testVisa(
  signer: { authorityId: string; kid: string },
  overrides: Partial<VisaSealData> = {},
): VisaSealData {
  return {
    issuingState: "THA",
    authorityId: signer.authorityId,
    kid: signer.kid,
    issuedOn: "2026-12-07",
    reference: "K7Q2M9XA",
    surname: "ERIKSSON",
    givenNames: "ANNA MARIA",
    nationality: "GBR",
    birthDate: "1974-08-12",
    sex: "F",
    passportNumber: "L898902C3",
    validFrom: "2026-12-07",
    validUntil: "2027-03-06",
    entries: 1,
    durationOfStayDays: 60,
    statusIndex: 4711,
    ...overrides,
  };
}

/** The seal of {@link testVisa}, signed on its issue date. */
export async function testSeal(authority: TestAuthority, overrides: Partial<VisaSealData> = {}): Promise<Uint8Array> {
  const visa = testVisa(authority.trusted, overrides);
  return encodeVisaSeal(visa, authority.sign, { now: new Date(`${visa.issuedOn}T09:00:00Z`) });
}
