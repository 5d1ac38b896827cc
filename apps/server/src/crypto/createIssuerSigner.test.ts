import { generateKeyPairSync } from "node:crypto";
import { type StandInSigner, startStandInSigner } from "@entrada/chain/testing";
import { identityCredentials } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../config.ts";
import { createTestApp } from "../testing/createTestApp.ts";
import { createTestHolder, issueCredential, verifyIdentity } from "../testing/identitySteps.ts";
import { signIn } from "../testing/signIn.ts";
import { createIssuerSigner } from "./createIssuerSigner.ts";

const token = "signer-bearer-token-for-tests-0123456789";
const issuerJwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
const keyId = "arn:aws:kms:eu-west-1:111122223333:alias/entrada-issuer";
let signer: StandInSigner;

beforeAll(async () => {
  signer = await startStandInSigner({
    privateKey: `0x${"22".repeat(32)}`,
    bearerToken: token,
    jwsKeys: { [keyId]: issuerJwk },
  });
});
afterAll(() => signer.close());

const remoteConfig = (env: Record<string, string> = {}) =>
  loadConfig({ IDENTITY_ISSUER_KEY: `remote:${keyId}`, SIGNER_URL: signer.url, SIGNER_TOKEN: token, ...env });

test("IDENTITY_ISSUER_KEY takes a local JWK or remote:<key id>, and a remote one needs SIGNER_URL", async () => {
  const local = await createIssuerSigner({ config: loadConfig({ IDENTITY_ISSUER_KEY: JSON.stringify(issuerJwk) }) });
  const remote = await createIssuerSigner({ config: remoteConfig() });
  expect(local.source).toBe("local");
  expect(remote.source).toBe("remote");
  // The same key, wherever it is kept, publishes the same public key and kid.
  expect(remote.publicJwk).toEqual(local.publicJwk);
  expect(() => loadConfig({ IDENTITY_ISSUER_KEY: `remote:${keyId}` })).toThrow(
    "SIGNER_URL: is required when a key is remote:<address>",
  );
  expect(() => loadConfig({ IDENTITY_ISSUER_KEY: "remote:two words" })).toThrow("IDENTITY_ISSUER_KEY:");
});

describe.each(createTestDatabases().slice(0, 1))(
  "credentials signed through the remote signer, on $name",
  ({ open }) => {
    let database: TestDatabase;
    let app: FastifyInstance;

    beforeAll(async () => {
      database = await open();
      const issuerKey = await createIssuerSigner({ config: remoteConfig() });
      ({ app } = await createTestApp({ db: database.db, issuerKey }));
    });
    afterAll(async () => {
      await app.close();
      await database.close();
    });

    test("verify with the JWKS Entrada publishes, as do their status lists", async () => {
      const holder = await createTestHolder();
      signer.calls.length = 0;
      const issued = await issueCredential(app, await signIn(app), holder);
      expect(signer.calls).toEqual(["jws_sign"]);
      const jwks = (await app.inject({ method: "GET", url: "/.well-known/jwks.json" })).json();
      expect(jwks.keys).toEqual([expect.objectContaining({ kty: "EC", crv: "P-256", x: issuerJwk.x, y: issuerJwk.y })]);
      expect(jwks.keys[0]).not.toHaveProperty("d");
      const keySet = createLocalJWKSet(jwks);
      // The issuer-signed JWT is the SD-JWT's first part; jose checks its ES256 signature with WebCrypto.
      const issuerJwt = issued.credential.split("~")[0]!;
      const { payload, protectedHeader } = await jwtVerify(issuerJwt, keySet, { typ: "dc+sd-jwt" });
      expect(protectedHeader).toMatchObject({ alg: "ES256", kid: jwks.keys[0].kid });
      expect(payload.cnf).toEqual({ jwk: holder.publicJwk });
      const statusList = await app.inject({
        method: "GET",
        url: `/api/v1/identity/status-lists/${issued.statusList.id}`,
      });
      expect(statusList.statusCode).toBe(200);
      expect(decodeProtectedHeader(statusList.body)).toMatchObject({ typ: "statuslist+jwt", kid: jwks.keys[0].kid });
      await expect(jwtVerify(statusList.body, keySet)).resolves.toBeDefined();
      // A signature tampered with fails the same check: the verification above can fail.
      const [header, body, signature] = issuerJwt.split(".");
      const flipped = `${signature![0] === "A" ? "B" : "A"}${signature!.slice(1)}`;
      await expect(jwtVerify(`${header}.${body}.${flipped}`, keySet)).rejects.toThrow();
    });

    test("with the signer down, issuing answers 503 ENTRADA_REMOTE_SIGNER_UNAVAILABLE and records nothing", async () => {
      const flaky = await startStandInSigner({
        privateKey: `0x${"22".repeat(32)}`,
        bearerToken: token,
        jwsKeys: { [keyId]: issuerJwk },
      });
      const issuerKey = await createIssuerSigner({ config: remoteConfig({ SIGNER_URL: flaky.url }) });
      const { app: other } = await createTestApp({ db: database.db, issuerKey });
      try {
        const user = await signIn(other);
        expect((await verifyIdentity(other, user)).status).toBe("passed");
        const before = await database.db.select().from(identityCredentials);
        await flaky.close();
        const holder = await createTestHolder();
        const response = await other.inject({
          method: "POST",
          url: "/api/v1/identity/credential",
          headers: user.headers,
          payload: { holderJwk: holder.publicJwk },
        });
        expect(response.statusCode).toBe(503);
        expect(response.json().error).toMatchObject({
          code: "ENTRADA_REMOTE_SIGNER_UNAVAILABLE",
          details: { method: "jws_sign", reason: "network" },
        });
        expect(response.body).not.toContain(token);
        expect(await database.db.select().from(identityCredentials)).toEqual(before);
      } finally {
        await other.close();
      }
    });
  },
);
