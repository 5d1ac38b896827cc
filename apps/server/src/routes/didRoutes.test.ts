import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedAuthorities } from "@entrada/core";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { issuerMetadataUrl } from "@entrada/identity";
import type { FastifyInstance } from "fastify";
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecordCipher } from "../crypto/createRecordCipher.ts";
import { webAppRoutes } from "../runtime/webAppRoutes.ts";
import { createAuthorityKeys } from "../services/createAuthorityKeys.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";

const publicUrl = "http://localhost:3000";

describe.each(createTestDatabases())("DID documents and authority issuer metadata on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let app: FastifyInstance;
  let dist: string;
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url, headers });

  beforeAll(async () => {
    database = await open();
    // The web app's SPA fallback is served too: it must not answer these paths with its page.
    dist = await mkdtemp(join(tmpdir(), "entrada-did-dist-"));
    await writeFile(join(dist, "index.html"), "<!doctype html><title>Entrada</title>");
    t = await createTestApp({
      db: database.db,
      env: { ENTRADA_PUBLIC_URL: publicUrl },
      plugins: [webAppRoutes({ distDir: dist, placeholder: "<h1>Entrada</h1>" })],
    });
    app = t.app;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    await rm(dist, { recursive: true, force: true });
  });

  test("Entrada's DID document: did:web of the host, port as %3A, the credential issuer's keys", async () => {
    const response = await get("/.well-known/did.json");
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
      "content-type": expect.stringContaining("application/json"),
    });
    const jwks = (await get("/.well-known/jwks.json")).json() as { keys: { kid: string }[] };
    const did = "did:web:localhost%3A3000";
    expect(response.json()).toEqual({
      "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
      id: did,
      verificationMethod: jwks.keys.map((key) => ({
        id: `${did}#${key.kid}`,
        type: "JsonWebKey2020",
        controller: did,
        publicKeyJwk: key,
      })),
      assertionMethod: jwks.keys.map((key) => `${did}#${key.kid}`),
    });
    expect(response.body).not.toContain('"d"');
  });

  test("start-up made a key for every demo authority, and a restart keeps them", async () => {
    const authorityKeys = createAuthorityKeys({
      db: database.db,
      cipher: createRecordCipher({ masterKey: t.config.masterKey }),
    });
    const before = await Promise.all(seedAuthorities.map(async (a) => (await authorityKeys.current(a.id))?.kid));
    expect(before.every((kid) => typeof kid === "string")).toBe(true);
    const again = await createTestApp({ db: database.db, env: { ENTRADA_PUBLIC_URL: publicUrl } });
    await again.app.close();
    expect(await Promise.all(seedAuthorities.map(async (a) => (await authorityKeys.current(a.id))?.kid))).toEqual(
      before,
    );
  });

  test("an authority's DID document and SD-JWT VC issuer metadata publish the same keys, current and retired", async () => {
    const authorityKeys = createAuthorityKeys({
      db: database.db,
      cipher: createRecordCipher({ masterKey: t.config.masterKey }),
      clock: t.clock,
    });
    const signer = await authorityKeys.signer("th-evisa");
    const input = `${Buffer.from(JSON.stringify({ alg: "ES256", kid: signer.kid })).toString("base64url")}.${Buffer.from("{}").toString("base64url")}`;
    const signedBefore = `${input}.${await signer.sign(input)}`;
    const { current, retired } = await authorityKeys.rotate("th-evisa");

    // Accept: text/html as a browser sends it: the route answers, not the web app's page.
    const document = await get("/authorities/th-evisa/did.json", { accept: "text/html,*/*" });
    expect(document.statusCode).toBe(200);
    expect(document.headers).toMatchObject({
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
    });
    const did = "did:web:localhost%3A3000:authorities:th-evisa";
    const body = document.json();
    expect(body).toMatchObject({ id: did, assertionMethod: [`${did}#${current.kid}`, `${did}#${retired!.kid}`] });
    expect(body.verificationMethod.map((method: { publicKeyJwk: unknown }) => method.publicKeyJwk)).toEqual([
      current.publicJwk,
      retired!.publicJwk,
    ]);

    // Where SD-JWT VC, 5.1 puts the metadata of iss = <origin>/authorities/th-evisa.
    const issuer = `${publicUrl}/authorities/th-evisa`;
    expect(issuerMetadataUrl(issuer)).toBe(`${publicUrl}/.well-known/jwt-vc-issuer/authorities/th-evisa`);
    const metadata = await get("/.well-known/jwt-vc-issuer/authorities/th-evisa");
    expect(metadata.statusCode).toBe(200);
    expect(metadata.headers["access-control-allow-origin"]).toBe("*");
    expect(metadata.json()).toEqual({ issuer, jwks: { keys: [current.publicJwk, retired!.publicJwk] } });
    expect(metadata.body).not.toContain('"d"');
    // A verifier with only the published JWKS checks what the retired key signed before the rotation.
    await expect(jwtVerify(signedBefore, createLocalJWKSet(metadata.json().jwks))).resolves.toBeDefined();
  });

  test("an unknown authority is a JSON 404 ENTRADA_AUTHORITY_NOT_FOUND on both paths", async () => {
    for (const url of ["/authorities/xx-visa/did.json", "/.well-known/jwt-vc-issuer/authorities/xx-visa"]) {
      const response = await get(url, { accept: "text/html" });
      expect([url, response.statusCode, response.json().error.code]).toEqual([url, 404, "ENTRADA_AUTHORITY_NOT_FOUND"]);
    }
  });
});
