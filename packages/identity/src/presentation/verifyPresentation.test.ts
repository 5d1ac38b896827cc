import { base64url } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createCredentialIssuer } from "../credentials/createCredentialIssuer.ts";
import { createJwsSigner } from "../credentials/createJwsSigner.ts";
import { generateIssuerKey } from "../credentials/issuerKey.ts";
import { signJwt } from "../credentials/signJwt.ts";
import { IdentityError } from "../errors/IdentityError.ts";
import {
  anna,
  audience,
  type CredentialFixture,
  createCredentialFixture,
  issuerUrl,
  statusUri,
} from "../testing/credentialFixture.ts";
import { createPresentation } from "./createPresentation.ts";
import { type VerifyPresentationParameters, verifyPresentation } from "./verifyPresentation.ts";

let fixture: CredentialFixture;
let credential: string;
const nonce = "n-0S6_WzA2Mj";
const disclose = ["given_name", "family_name", "birthdate", "age_equal_or_over.18"];

beforeAll(async () => {
  fixture = await createCredentialFixture();
  ({ credential } = await fixture.issuer.issue({
    identity: anna,
    holderJwk: fixture.holderJwk,
    status: { idx: 7, uri: statusUri },
  }));
});

const present = (overrides: Partial<Parameters<typeof createPresentation>[0]> = {}) =>
  createPresentation({
    credential,
    disclose,
    nonce,
    audience,
    signer: fixture.signer,
    clock: fixture.clock,
    ...overrides,
  });

const verify = (presentation: string, overrides: Partial<VerifyPresentationParameters> = {}) =>
  verifyPresentation({
    presentation,
    nonce,
    audience,
    requiredClaims: disclose,
    trustedIssuers: [issuerUrl],
    fetchIssuerMetadata: fixture.fetchIssuerMetadata,
    fetchStatusList: fixture.fetchStatusList,
    clock: fixture.clock,
    ...overrides,
  });

/** The error's code, or "ok" when the promise resolves: tests compare codes, the stable contract. */
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: unknown) => (error instanceof IdentityError ? error.code : `unexpected: ${String(error)}`),
  );

/** Replaces one base64url JSON segment, keeping everything else byte for byte. */
const reencode = (value: unknown) => base64url.encode(new TextEncoder().encode(JSON.stringify(value)));
const decode = (segment: string) => JSON.parse(new TextDecoder().decode(base64url.decode(segment)));

describe("issue → present → verify", () => {
  it("verifies a presentation and returns exactly the disclosed claims", async () => {
    const result = await verify(await present());
    expect(result).toEqual({
      issuer: issuerUrl,
      vct: "https://entrada.example/credentials/identity/v1",
      claims: {
        given_name: "Anna María",
        family_name: "Eriksson",
        birthdate: "1974-08-12",
        age_equal_or_over: { "18": true },
      },
      holderJwk: { kty: "EC", crv: "P-256", x: fixture.holderJwk.x, y: fixture.holderJwk.y },
      issuedAt: 1772366400,
      expiresAt: 1772366400 + 365 * 86_400,
      status: { idx: 7, uri: statusUri },
      presentedAt: 1772366400,
    });
  });

  it("discloses nothing that was not asked for", async () => {
    const presentation = await present({ disclose: ["age_equal_or_over.18"] });
    expect(presentation.split("~")).toHaveLength(4); // issuer JWT, the age object, its "18", key binding
    expect((await verify(presentation, { requiredClaims: ["age_equal_or_over.18"] })).claims).toEqual({
      age_equal_or_over: { "18": true },
    });
  });

  it("refuses a tampered disclosure (an edited birth date)", async () => {
    const parts = (await present()).split("~");
    const index = parts.findIndex((part, i) => i > 0 && JSON.stringify(decode(part)).includes("birthdate"));
    const [salt, name] = decode(parts[index]!);
    parts[index] = reencode([salt, name, "2000-01-01"]);
    expect(await codeOf(verify(parts.join("~")))).toBe("ENTRADA_DISCLOSURE_TAMPERED");
  });

  it("refuses a disclosure from another credential, and one presented twice", async () => {
    const other = await fixture.issuer.issue({
      identity: { ...anna, givenNames: "Eva" },
      holderJwk: fixture.holderJwk,
      status: { idx: 8, uri: statusUri },
    });
    const foreign = other.credential
      .split("~")
      .find((part, i) => i > 0 && part !== "" && decode(part)[1] === "given_name")!;
    const parts = (await present()).split("~");
    const index = parts.findIndex((part, i) => i > 0 && decode(part)[1] === "given_name");
    expect(await codeOf(verify(parts.map((part, i) => (i === index ? foreign : part)).join("~")))).toBe(
      "ENTRADA_DISCLOSURE_TAMPERED",
    );
    const twice = [...parts.slice(0, -1), parts[index]!, parts.at(-1)!];
    expect(await codeOf(verify(twice.join("~")))).toBe("ENTRADA_DISCLOSURE_TAMPERED");
  });

  it("refuses a wrong nonce (a replay) and a wrong audience", async () => {
    expect(await codeOf(verify(await present({ nonce: "an-old-nonce" })))).toBe("ENTRADA_PRESENTATION_NONCE_MISMATCH");
    expect(await codeOf(verify(await present({ audience: "https://other.example" })))).toBe(
      "ENTRADA_PRESENTATION_AUDIENCE_MISMATCH",
    );
  });

  it("refuses a revoked or suspended credential once the status list says so", async () => {
    const presentation = await present();
    fixture.list.revoke(7);
    try {
      expect(await codeOf(verify(presentation))).toBe("ENTRADA_CREDENTIAL_REVOKED");
      fixture.list.set(7, 2);
      expect(await codeOf(verify(presentation))).toBe("ENTRADA_CREDENTIAL_SUSPENDED");
    } finally {
      fixture.list.set(7, 0);
    }
    expect(await codeOf(verify(presentation))).toBe("ok");
  });

  it("refuses an expired credential", async () => {
    const presentation = await present();
    const later = new Date("2027-03-02T12:00:00Z");
    expect(await codeOf(verify(presentation, { clock: () => later, maxKeyBindingAgeSeconds: 1e9 }))).toBe(
      "ENTRADA_CREDENTIAL_EXPIRED",
    );
  });

  it("never lets a credential outlive the document", async () => {
    const shortPassport = { ...anna, expiryDate: "2026-09-30" };
    const issued = await fixture.issuer.issue({
      identity: shortPassport,
      holderJwk: fixture.holderJwk,
      status: { idx: 9, uri: statusUri },
    });
    expect(issued.expiresAt).toBe(Date.parse("2026-10-01T00:00:00Z") / 1000);
  });

  it("refuses a presentation missing a required claim", async () => {
    const error = await verify(await present({ disclose: ["given_name"] })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: "ENTRADA_PRESENTATION_CLAIM_MISSING",
      missing: ["family_name", "birthdate", "age_equal_or_over.18"],
    });
  });

  it("refuses an altered payload (bad signature)", async () => {
    const [jwt, ...rest] = (await present()).split("~");
    const [header, payload, signature] = jwt!.split(".");
    const altered = reencode({ ...decode(payload!), exp: 4102444800 });
    expect(await codeOf(verify([`${header}.${altered}.${signature}`, ...rest].join("~")))).toBe(
      "ENTRADA_CREDENTIAL_SIGNATURE_INVALID",
    );
  });

  it("refuses a credential signed by a key the issuer does not publish", async () => {
    const rogue = createCredentialIssuer({ issuer: issuerUrl, key: await generateIssuerKey(), clock: fixture.clock });
    const forged = await rogue.issue({
      identity: anna,
      holderJwk: fixture.holderJwk,
      status: { idx: 7, uri: statusUri },
    });
    const presentation = await present({ credential: forged.credential });
    expect(await codeOf(verify(presentation))).toBe("ENTRADA_ISSUER_KEY_UNKNOWN");
  });

  it("refuses an issuer it does not trust, before fetching anything from it", async () => {
    let fetched = false;
    const code = await codeOf(
      verify(await present(), {
        trustedIssuers: ["https://other.example"],
        fetchIssuerMetadata: async () => {
          fetched = true;
          return {};
        },
      }),
    );
    expect([code, fetched]).toEqual(["ENTRADA_ISSUER_UNTRUSTED", false]);
  });

  it("refuses a key binding that is missing, signed by another key, stale or about other disclosures", async () => {
    const presentation = await present();
    const withoutKb = presentation.slice(0, presentation.lastIndexOf("~") + 1);
    expect(await verify(withoutKb).catch((error: unknown) => error)).toMatchObject({ reason: "missing" });

    const stranger = await globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
    ]);
    const stolen = await present({ signer: await createJwsSigner(stranger.privateKey) });
    expect(await verify(stolen).catch((error: unknown) => error)).toMatchObject({ reason: "signature" });

    const later = new Date(fixture.now.value.getTime() + 3600_000);
    expect(await verify(presentation, { clock: () => later }).catch((error: unknown) => error)).toMatchObject({
      code: "ENTRADA_KEY_BINDING_INVALID",
      reason: "stale",
    });

    // Dropping a disclosure after signing changes what sd_hash covers.
    const parts = presentation.split("~");
    const dropped = [parts[0], ...parts.slice(2)].join("~");
    expect(await verify(dropped, { requiredClaims: [] }).catch((error: unknown) => error)).toMatchObject({
      reason: "sd_hash",
    });
  });

  it("refuses another credential type (vct, typ)", async () => {
    expect(await codeOf(verify(await present(), { vct: "https://entrada.example/credentials/visa/v1" }))).toBe(
      "ENTRADA_CREDENTIAL_TYPE_INVALID",
    );
    // A plain JWT of the issuer, re-typed: the typ check comes before anything is trusted.
    const signer = await createJwsSigner(fixture.issuerKey.privateJwk);
    const jwt = await signJwt({ alg: "ES256", typ: "JWT", kid: fixture.issuerKey.kid }, { iss: issuerUrl }, signer);
    expect(await codeOf(verify(`${jwt}~`))).toBe("ENTRADA_CREDENTIAL_TYPE_INVALID");
  });

  it("says what is wrong with the issuer's infrastructure, retryable where it may pass later", async () => {
    const presentation = await present();
    const down = verify(presentation, { fetchIssuerMetadata: () => Promise.reject(new Error("ECONNREFUSED")) });
    expect(await down.catch((error: unknown) => error)).toMatchObject({
      code: "ENTRADA_ISSUER_METADATA_UNAVAILABLE",
      retryable: true,
    });
    const impostor = verify(presentation, {
      fetchIssuerMetadata: async () => ({ issuer: "https://evil.example", jwks: { keys: [] } }),
    });
    expect(await codeOf(impostor)).toBe("ENTRADA_ISSUER_METADATA_INVALID");
    const noList = verify(presentation, { fetchStatusList: () => Promise.reject(new Error("timeout")) });
    expect(await noList.catch((error: unknown) => error)).toMatchObject({
      code: "ENTRADA_STATUS_LIST_UNAVAILABLE",
      retryable: true,
    });
    const otherList = verify(presentation, {
      fetchStatusList: () => fixture.issuer.signStatusList({ list: fixture.list, uri: `${statusUri}/other` }),
    });
    expect(await otherList.catch((error: unknown) => error)).toMatchObject({
      code: "ENTRADA_STATUS_LIST_INVALID",
      details: { reason: "its sub is another list" },
    });
    const rogueKey = await generateIssuerKey();
    const rogueList = createCredentialIssuer({ issuer: issuerUrl, key: rogueKey, clock: fixture.clock });
    const forgedList = verify(presentation, {
      fetchStatusList: () => rogueList.signStatusList({ list: fixture.list, uri: statusUri }),
    });
    expect(await codeOf(forgedList)).toBe("ENTRADA_STATUS_LIST_INVALID");
  });

  it("refuses input that is not a presentation", async () => {
    for (const garbage of ["", "not-a-jwt", "a.b.c", "e30.e30.e30~~e30.e30.e30"]) {
      expect(await codeOf(verify(garbage))).toMatch(/ENTRADA_PRESENTATION_MALFORMED|ENTRADA_CREDENTIAL_TYPE_INVALID/);
    }
  });
});
