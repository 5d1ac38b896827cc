import { SDJwt } from "@sd-jwt/core";
import { decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidHolderKeyError, InvalidIdentityClaimsError } from "../errors/credential.ts";
import {
  anna,
  type CredentialFixture,
  createCredentialFixture,
  issuerUrl,
  statusUri,
} from "../testing/credentialFixture.ts";
import { createCredentialIssuer } from "./createCredentialIssuer.ts";
import { generateIssuerKey } from "./issuerKey.ts";
import { issuerMetadataUrl } from "./issuerMetadata.ts";
import { sdJwtHasher } from "./sha256.ts";

let fixture: CredentialFixture;
beforeAll(async () => {
  fixture = await createCredentialFixture();
});

const issue = (overrides: Partial<Parameters<typeof fixture.issuer.issue>[0]> = {}) =>
  fixture.issuer.issue({
    identity: anna,
    holderJwk: fixture.holderJwk,
    status: { idx: 3, uri: statusUri },
    ...overrides,
  });

describe("createCredentialIssuer", () => {
  it("issues a dc+sd-jwt with iss, iat, exp, vct, cnf and status in the clear and every personal claim disclosable", async () => {
    const { credential, issuedAt, expiresAt } = await issue();
    const [jwt] = credential.split("~");
    expect(decodeProtectedHeader(jwt!)).toEqual({ typ: "dc+sd-jwt", kid: fixture.issuerKey.kid, alg: "ES256" });
    const sdJwt = await SDJwt.fromEncode(credential, sdJwtHasher);
    const { _sd, ...visible } = sdJwt.jwt!.payload!;
    expect(visible).toEqual({
      iss: issuerUrl,
      iat: issuedAt,
      exp: expiresAt,
      vct: "https://entrada.example/credentials/identity/v1",
      cnf: { jwk: fixture.holderJwk },
      status: { status_list: { idx: 3, uri: statusUri } },
      _sd_alg: "sha-256",
    });
    expect(_sd).toHaveLength(10);
    expect(await sdJwt.getClaims(sdJwtHasher)).toMatchObject({
      given_name: "Anna María",
      family_name: "Eriksson",
      birthdate: "1974-08-12",
      nationalities: ["UTO"],
      sex: "F",
      document_type: "passport",
      document_number: "L898902C3",
      document_issuing_country: "UTO",
      document_expiry_date: "2031-04-15",
      age_equal_or_over: { "18": true, "21": true },
    });
    expect((await sdJwt.presentableKeys(sdJwtHasher)).sort()).toEqual([
      "age_equal_or_over",
      "age_equal_or_over.18",
      "age_equal_or_over.21",
      "birthdate",
      "document_expiry_date",
      "document_issuing_country",
      "document_number",
      "document_type",
      "family_name",
      "given_name",
      "nationalities",
      "sex",
    ]);
    expect(expiresAt - issuedAt).toBe(365 * 86_400);
  });

  it("puts only the public part of the holder key into cnf, and refuses a private or foreign key", async () => {
    const { credential } = await issue({ holderJwk: { ...fixture.holderJwk, kid: "h1", alg: "ES256" } });
    const sdJwt = await SDJwt.fromEncode(credential, sdJwtHasher);
    expect(sdJwt.jwt!.payload!.cnf).toEqual({ jwk: fixture.holderJwk });
    const { privateJwk } = await generateIssuerKey();
    await expect(issue({ holderJwk: privateJwk })).rejects.toThrow(InvalidHolderKeyError);
    await expect(issue({ holderJwk: { kty: "OKP", crv: "Ed25519", x: "abc" } })).rejects.toThrow(/not an EC P-256 JWK/);
    await expect(issue({ holderJwk: { ...fixture.holderJwk, x: fixture.holderJwk.y! } })).rejects.toThrow(
      /not a point/,
    );
  });

  it("refuses an identity it cannot vouch for", async () => {
    for (const [change, field] of [
      [{ surname: " " }, "surname"],
      [{ birthDate: "12.08.1974" }, "birthDate"],
      [{ nationality: "D" }, "nationality"],
      [{ documentNumber: "L898 902" }, "documentNumber"],
    ] as const) {
      const error = await issue({ identity: { ...anna, ...change } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidIdentityClaimsError);
      expect((error as InvalidIdentityClaimsError).details.field).toBe(field);
    }
    await expect(issue({ status: { idx: -1, uri: statusUri } })).rejects.toThrow(/status.idx/);
  });

  it("states the ages reached on the day of issuance", async () => {
    fixture.now.value = new Date("2026-03-01T12:00:00Z");
    const teen = { ...anna, birthDate: "2006-03-02" };
    const { credential } = await issue({ identity: teen });
    const claims = await (await SDJwt.fromEncode(credential, sdJwtHasher)).getClaims<Record<string, unknown>>(
      sdJwtHasher,
    );
    expect(claims.age_equal_or_over).toEqual({ "18": true, "21": false });
  });

  it("publishes its metadata and keys, old keys included, for verifiers", async () => {
    const previous = await generateIssuerKey();
    const issuer = createCredentialIssuer({
      issuer: `${issuerUrl}/`,
      key: fixture.issuerKey,
      previousKeys: [previous.publicJwk, fixture.issuerKey.publicJwk],
      clock: fixture.clock,
      vct: "https://entrada.example/vct/custom",
    });
    expect(issuer.issuer).toBe(issuerUrl);
    expect(issuer.vct).toBe("https://entrada.example/vct/custom");
    expect(issuer.metadata()).toEqual({
      issuer: issuerUrl,
      jwks: { keys: [fixture.issuerKey.publicJwk, previous.publicJwk] },
    });
    expect(JSON.stringify(issuer.jwks())).not.toContain('"d"');
  });
});

describe("issuerMetadataUrl", () => {
  it("inserts the well-known path between host and path", () => {
    expect(issuerMetadataUrl("https://entrada.example")).toBe("https://entrada.example/.well-known/jwt-vc-issuer");
    expect(issuerMetadataUrl("https://entrada.example/")).toBe("https://entrada.example/.well-known/jwt-vc-issuer");
    expect(issuerMetadataUrl("https://id.example/tenant/7")).toBe(
      "https://id.example/.well-known/jwt-vc-issuer/tenant/7",
    );
    expect(issuerMetadataUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080/.well-known/jwt-vc-issuer");
  });
});
