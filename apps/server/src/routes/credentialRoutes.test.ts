import {
  applicants,
  applications,
  credentialDisclosures,
  identityCredentials,
  presentationRequests,
} from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { decodeCredential, restoreStatusList } from "@entrada/identity";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { testAnswers, testApplicant } from "../testing/applicationSteps.ts";
import { createTestApp, testPublicUrl } from "../testing/createTestApp.ts";
import type { TestClock } from "../testing/createTestClock.ts";
import {
  createTestHolder,
  issueCredential,
  mrzOf,
  presentCredential,
  type TestHolder,
  testPassport,
  verifyIdentity,
} from "../testing/identitySteps.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";

/** The statuses of a status list token's entries. */
function statusAt(token: string, index: number): number {
  const { status_list: list } = decodeJwt(token) as { status_list: { bits: 1 | 2 | 4 | 8; lst: string } };
  return restoreStatusList({ bits: list.bits, lst: list.lst }).get(index);
}

describe.each(createTestDatabases())("credential routes on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock: TestClock;
  let ana: TestUser;
  let holder: TestHolder;

  beforeAll(async () => {
    database = await open();
    ({ app, clock } = await createTestApp({ db: database.db }));
    ana = await signIn(app);
    holder = await createTestHolder();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const post = (url: string, user: TestUser | undefined, payload: unknown) =>
    app.inject({
      method: "POST",
      url,
      ...(user === undefined ? {} : { headers: user.headers }),
      payload: payload as object,
    });
  const get = (url: string, user?: TestUser) =>
    app.inject({ method: "GET", url, ...(user === undefined ? {} : { headers: user.headers }) });

  describe("issuing", () => {
    test("needs a passed verification: none, flagged and failed are 409", async () => {
      const ben = await signIn(app);
      const none = await post("/api/v1/identity/credential", ben, { holderJwk: holder.publicJwk });
      expect(none.statusCode).toBe(409);
      expect(none.json().error).toMatchObject({ code: "ENTRADA_IDENTITY_NOT_VERIFIED", details: { status: "none" } });
      await verifyIdentity(app, ben, {
        passport: { ...testPassport, birthDate: "1991-01-01" },
        mrz: mrzOf(testPassport),
      });
      const failed = await post("/api/v1/identity/credential", ben, { holderJwk: holder.publicJwk });
      expect(failed.json().error.details).toEqual({ status: "failed" });
      expect((await post("/api/v1/identity/credential", undefined, { holderJwk: holder.publicJwk })).statusCode).toBe(
        401,
      );
    });

    test("issues an SD-JWT VC bound to the holder key, with every claim disclosable and a random status entry", async () => {
      const issued = await issueCredential(app, ana, holder);
      expect(issued).toMatchObject({ status: "active", revokedAt: null, statusList: { id: expect.any(Number) } });
      expect(issued.statusList.uri).toBe(`${testPublicUrl}/api/v1/identity/status-lists/${issued.statusList.id}`);
      const decoded = await decodeCredential(issued.credential);
      expect(decoded).toMatchObject({
        issuer: testPublicUrl,
        vct: `${testPublicUrl}/credentials/identity/v1`,
        holderJwk: holder.publicJwk,
        status: { idx: issued.statusList.index, uri: issued.statusList.uri },
      });
      expect(decoded.disclosable).toEqual(
        expect.arrayContaining(["given_name", "document_number", "age_equal_or_over.18"]),
      );
      expect(decoded.claims).toMatchObject({
        given_name: "Anna Maria",
        family_name: "Eriksson",
        birthdate: testPassport.birthDate,
        nationalities: ["USA"],
        document_number: expect.stringMatching(/^T[A-Z0-9]{8}$/),
        document_issuing_country: "USA",
        age_equal_or_over: { "18": true, "21": true },
      });
      // Only metadata is kept: the credential (with the identity) went to the holder alone.
      const [row] = await database.db.select().from(identityCredentials).where(eq(identityCredentials.id, issued.id));
      expect(row).toMatchObject({ userId: ana.id, statusIndex: issued.statusList.index, revokedAt: null });
      expect(JSON.stringify(row)).not.toContain("Eriksson");
      const current = (await get("/api/v1/identity/verifications/current", ana)).json();
      expect(current.credential).toMatchObject({ id: issued.id, status: "active" });
    });

    test("refuses a holder key with its private part, or not on P-256", async () => {
      const { d: _d, ...rest } = { ...holder.publicJwk, d: "x" };
      const withPrivate = await post("/api/v1/identity/credential", ana, { holderJwk: { ...rest, d: "AAAA" } });
      expect(withPrivate.statusCode).toBe(400);
      expect(withPrivate.json().error.code).toBe("ENTRADA_HOLDER_KEY_INVALID");
      const rsa = await post("/api/v1/identity/credential", ana, { holderJwk: { kty: "RSA", n: "abc", e: "AQAB" } });
      expect(rsa.json().error.code).toBe("ENTRADA_HOLDER_KEY_INVALID");
      expect((await post("/api/v1/identity/credential", ana, {})).statusCode).toBe(400);
    });

    test("a credential from a new identity check revokes the earlier one (superseded); indexes are never reused", async () => {
      const carl = await signIn(app);
      const first = await issueCredential(app, carl, holder);
      // Without a new check, a copy for another key is a move (credentialRoutes.move.test.ts).
      const second = await issueCredential(app, carl, await createTestHolder());
      expect(second.statusList).not.toEqual(first.statusList);
      const [old] = await database.db.select().from(identityCredentials).where(eq(identityCredentials.id, first.id));
      expect(old).toMatchObject({ revocationReason: "superseded", revokedBy: carl.id });
      const token = (await get(`/api/v1/identity/status-lists/${first.statusList.id}`)).body;
      expect(statusAt(token, first.statusList.index)).toBe(1);
      expect(statusAt(token, second.statusList.index)).toBe(0);
      const all = await database.db.select().from(identityCredentials);
      const entries = all.map((row) => `${row.statusListId}:${row.statusIndex}`);
      expect(new Set(entries).size).toBe(entries.length);
    });
  });

  describe("the issuer's public documents", () => {
    test("GET /.well-known/jwt-vc-issuer and /.well-known/jwks.json publish the keys, cacheable, to any origin", async () => {
      const metadata = await get("/.well-known/jwt-vc-issuer");
      expect(metadata.statusCode).toBe(200);
      expect(metadata.headers["access-control-allow-origin"]).toBe("*");
      expect(metadata.headers["cache-control"]).toBe("public, max-age=300");
      const body = metadata.json();
      expect(body.issuer).toBe(testPublicUrl);
      expect(body.jwks.keys).toEqual([expect.objectContaining({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" })]);
      expect(body.jwks.keys[0]).not.toHaveProperty("d");
      expect((await get("/.well-known/jwks.json")).json()).toEqual(body.jwks);
    });

    test("GET /identity/status-lists/:id is the signed statuslist+jwt, briefly cacheable; unknown lists 404", async () => {
      const { statusList } = await issueCredential(app, await signIn(app), holder);
      const response = await get(`/api/v1/identity/status-lists/${statusList.id}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/statuslist+jwt");
      expect(response.headers["cache-control"]).toBe("public, max-age=10");
      expect(decodeProtectedHeader(response.body)).toMatchObject({ typ: "statuslist+jwt", alg: "ES256" });
      expect(decodeJwt(response.body)).toMatchObject({ iss: testPublicUrl, sub: statusList.uri, ttl: 60 });
      expect((await get("/api/v1/identity/status-lists/999999")).statusCode).toBe(404);
      expect((await get("/api/v1/identity/status-lists/nope")).statusCode).toBe(400);
    });
  });

  describe("revoking", () => {
    test("the holder revokes their own; every verifier's next fetch shows it", async () => {
      const dan = await signIn(app);
      const issued = await issueCredential(app, dan, holder);
      const revoked = await post("/api/v1/identity/credential/revoke", dan, { reason: "lost" });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json().revoked).toEqual([
        expect.objectContaining({ id: issued.id, status: "revoked", revocationReason: "lost" }),
      ]);
      const token = (await get(`/api/v1/identity/status-lists/${issued.statusList.id}`)).body;
      expect(statusAt(token, issued.statusList.index)).toBe(1);
      const again = await post("/api/v1/identity/credential/revoke", dan, { reason: "lost" });
      expect(again.statusCode).toBe(404);
    });

    test("others' credentials: only KYC reviewers and operators, and only for fraud", async () => {
      const eve = await signIn(app);
      const issued = await issueCredential(app, eve, holder);
      const reviewer = await signIn(app);
      await grantRole(database.db, reviewer.id, "kyc_reviewer");
      const stranger = await signIn(app);
      expect(
        (await post("/api/v1/identity/credential/revoke", stranger, { reason: "fraud", userId: eve.id })).statusCode,
      ).toBe(403);
      expect(
        (await post("/api/v1/identity/credential/revoke", reviewer, { reason: "lost", userId: eve.id })).statusCode,
      ).toBe(403);
      const fraud = await post("/api/v1/identity/credential/revoke", reviewer, { reason: "fraud", userId: eve.id });
      expect(fraud.statusCode, fraud.body).toBe(200);
      const [row] = await database.db.select().from(identityCredentials).where(eq(identityCredentials.id, issued.id));
      expect(row).toMatchObject({ revocationReason: "fraud", revokedBy: reviewer.id });
    });
  });

  describe("presenting", () => {
    test("a presentation request names the claims the product needs, with a fresh nonce for 5 minutes", async () => {
      const response = await post("/api/v1/identity/presentation-requests", ana, { productId: "gb-eta" });
      expect(response.statusCode).toBe(201);
      const request = response.json();
      expect(request).toMatchObject({
        audience: testPublicUrl,
        productId: "gb-eta",
        authorityId: "gb-eta",
        requiredClaims: [
          "given_name",
          "family_name",
          "birthdate",
          "nationalities",
          "sex",
          "document_number",
          "document_issuing_country",
          "document_expiry_date",
        ],
        expiresAt: new Date(clock().getTime() + 300_000).toISOString(),
      });
      expect(request.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await post("/api/v1/identity/presentation-requests", ana, { productId: "xx-gold" })).statusCode).toBe(
        404,
      );
      expect(
        (await post("/api/v1/identity/presentation-requests", undefined, { productId: "gb-eta" })).statusCode,
      ).toBe(401);
    });

    test("a valid presentation gives the applicant, records what was shared with whom, and fills an application", async () => {
      const fay = await signIn(app);
      const { credential } = await issueCredential(app, fay, holder);
      const { response, request } = await presentCredential(app, fay, holder, credential, "gb-eta");
      expect(response.statusCode, response.body).toBe(201);
      const presented = response.json();
      expect(presented).toMatchObject({
        applicant: {
          ...testApplicant,
          givenNames: "Anna Maria",
          surname: "Eriksson",
          passportNumber: expect.stringMatching(/^T[A-Z0-9]{8}$/),
        },
        claims: request.requiredClaims,
        productId: "gb-eta",
        authorityId: "gb-eta",
      });
      const [burnt] = await database.db
        .select()
        .from(presentationRequests)
        .where(eq(presentationRequests.id, request.id));
      expect(burnt!.consumedAt).not.toBeNull();

      const disclosures = (await get("/api/v1/identity/disclosures", fay)).json();
      expect(disclosures.items).toEqual([
        {
          id: presented.id,
          authority: { id: "gb-eta", name: expect.any(String) },
          productId: "gb-eta",
          claims: request.requiredClaims,
          presentedAt: presented.presentedAt,
          applicationId: null,
        },
      ]);

      const created = await post("/api/v1/applications", fay, {
        productId: "gb-eta",
        presentationId: presented.id,
        answers: testAnswers,
      });
      expect(created.statusCode, created.body).toBe(201);
      const application = created.json();
      expect(application.applicant).toMatchObject({ ...presented.applicant, verificationStatus: "verified" });
      const [row] = await database.db.select().from(applications).where(eq(applications.id, application.id));
      const [applicant] = await database.db.select().from(applicants).where(eq(applicants.id, row!.applicantId));
      expect(applicant!.verifiedAt).not.toBeNull();
      const submitted = await post(`/api/v1/applications/${application.id}/submit`, fay, {});
      expect(submitted.statusCode, submitted.body).toBe(200);

      const [disclosure] = await database.db
        .select()
        .from(credentialDisclosures)
        .where(eq(credentialDisclosures.id, presented.id));
      // The applicant moved to the application; the disclosure keeps only names of claims.
      expect(disclosure).toMatchObject({ applicationId: application.id, applicantCiphertext: null });
      const reused = await post("/api/v1/applications", fay, { productId: "gb-eta", presentationId: presented.id });
      expect(reused.statusCode).toBe(422);
      expect(reused.json().error).toMatchObject({ code: "ENTRADA_PRESENTATION_UNUSABLE", details: { reason: "used" } });
      const theirs = await post("/api/v1/applications", ana, { productId: "gb-eta", presentationId: presented.id });
      expect(theirs.statusCode).toBe(404);
      const both = await post("/api/v1/applications", fay, {
        productId: "gb-eta",
        presentationId: presented.id,
        applicant: testApplicant,
      });
      expect(both.statusCode).toBe(400);
    });

    test("a presentation for one product does not fill another's application", async () => {
      const gus = await signIn(app);
      const { credential } = await issueCredential(app, gus, holder);
      const { response } = await presentCredential(app, gus, holder, credential, "gb-eta");
      const other = await post("/api/v1/applications", gus, {
        productId: "us-esta",
        presentationId: response.json().id,
      });
      expect(other.statusCode).toBe(422);
      expect(other.json().error).toMatchObject({
        code: "ENTRADA_PRESENTATION_UNUSABLE",
        details: { reason: "other_product" },
      });
      // Refused in the transaction: the presentation still fills an application of its own product.
      const own = await post("/api/v1/applications", gus, { productId: "gb-eta", presentationId: response.json().id });
      expect(own.statusCode, own.body).toBe(201);
    });

    test("nonces are single use and expire; a refused presentation burns its nonce too", async () => {
      const hal = await signIn(app);
      const { credential } = await issueCredential(app, hal, holder);
      const { request, presentation, response } = await presentCredential(app, hal, holder, credential, "gb-eta");
      expect(response.statusCode).toBe(201);
      const replay = await post("/api/v1/identity/presentations", hal, { requestId: request.id, presentation });
      expect(replay.statusCode).toBe(409);
      expect(replay.json().error).toMatchObject({
        code: "ENTRADA_PRESENTATION_REQUEST_SPENT",
        details: { reason: "used" },
      });

      // Disclosing less than asked is refused, and the nonce is spent all the same.
      const partial = await presentCredential(app, hal, holder, credential, "gb-eta", { disclose: ["given_name"] });
      expect(partial.response.statusCode).toBe(422);
      expect(partial.response.json().error.code).toBe("ENTRADA_PRESENTATION_CLAIM_MISSING");
      const retry = await post("/api/v1/identity/presentations", hal, {
        requestId: partial.request.id,
        presentation: partial.presentation,
      });
      expect(retry.json().error.details.reason).toBe("used");

      const late = (await post("/api/v1/identity/presentation-requests", hal, { productId: "gb-eta" })).json();
      clock.advance(301);
      const expired = await post("/api/v1/identity/presentations", hal, { requestId: late.id, presentation });
      clock.advance(-301);
      expect(expired.statusCode).toBe(409);
      expect(expired.json().error.details.reason).toBe("expired");

      const foreign = (await post("/api/v1/identity/presentation-requests", ana, { productId: "gb-eta" })).json();
      const notMine = await post("/api/v1/identity/presentations", hal, { requestId: foreign.id, presentation });
      expect(notMine.statusCode).toBe(404);
    });

    test("a presentation bound to another nonce, or of a revoked credential, is refused with its code", async () => {
      const ivy = await signIn(app);
      const { credential } = await issueCredential(app, ivy, holder);
      const first = await presentCredential(app, ivy, holder, credential, "gb-eta");
      const second = (await post("/api/v1/identity/presentation-requests", ivy, { productId: "gb-eta" })).json();
      // The first presentation's key binding names the first nonce.
      const mismatch = await post("/api/v1/identity/presentations", ivy, {
        requestId: second.id,
        presentation: first.presentation,
      });
      expect(mismatch.statusCode).toBe(401);
      expect(mismatch.json().error.code).toBe("ENTRADA_PRESENTATION_NONCE_MISMATCH");
      const stranger = await createTestHolder();
      const stolen = await presentCredential(app, ivy, stranger, credential, "gb-eta");
      expect(stolen.response.json().error.code).toBe("ENTRADA_KEY_BINDING_INVALID");

      await post("/api/v1/identity/credential/revoke", ivy, { reason: "holder_request" });
      const revoked = await presentCredential(app, ivy, holder, credential, "gb-eta");
      expect(revoked.response.statusCode).toBe(401);
      expect(revoked.response.json().error.code).toBe("ENTRADA_CREDENTIAL_REVOKED");
      const garbage = await presentCredential(app, ivy, holder, credential, "gb-eta");
      const junk = await post("/api/v1/identity/presentations", ivy, {
        requestId: (await post("/api/v1/identity/presentation-requests", ivy, { productId: "gb-eta" })).json().id,
        presentation: "not-an-sd-jwt",
      });
      expect(junk.statusCode).toBe(400);
      expect(junk.json().error.code).toBe("ENTRADA_PRESENTATION_MALFORMED");
      expect(garbage.response.statusCode).toBe(401);
    });

    test("the verified MRZ of another passport gives another applicant", async () => {
      const jo = await signIn(app);
      const passport = { ...testPassport, surname: "Okafor", givenNames: "Jo", documentNumber: "N0123456" };
      expect((await verifyIdentity(app, jo, { passport })).status).toBe("passed");
      const { credential } = await issueCredential(app, jo, holder, { verified: true });
      const { response } = await presentCredential(app, jo, holder, credential, "gb-eta");
      expect(response.json().applicant).toMatchObject({
        surname: "Okafor",
        givenNames: "Jo",
        passportNumber: "N0123456",
      });
    });
  });
});
