import { documentAccessLog, identityDocuments, identityVerifications, outbox } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { createDevKycProvider } from "@entrada/identity";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startHttpStandIn } from "../messaging/testing/startHttpStandIn.ts";
import { createTestApp } from "../testing/createTestApp.ts";
import { mrzOf, samplePng, testPassport, uploadDocument, verifyIdentity } from "../testing/identitySteps.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";

/** ICAO Doc 9303's specimen passport (TD3). */
const specimen = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];

describe.each(createTestDatabases())("identity routes on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ana: TestUser;
  let reviewer: TestUser;

  beforeAll(async () => {
    database = await open();
    ({ app } = await createTestApp({ db: database.db }));
    ana = await signIn(app);
    reviewer = await signIn(app);
    await grantRole(database.db, reviewer.id, "kyc_reviewer");
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const post = (url: string, user: TestUser | undefined, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: "POST",
      url,
      headers: { ...(user?.headers ?? {}), ...headers },
      payload: payload as Record<string, unknown>,
    });
  const get = (url: string, user?: TestUser) =>
    app.inject({ method: "GET", url, ...(user === undefined ? {} : { headers: user.headers }) });

  describe("POST /identity/mrz/validate", () => {
    test("answers validateMrz as it is, to anyone: the specimen's fields", async () => {
      const response = await post("/api/v1/identity/mrz/validate", undefined, { lines: specimen });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchInlineSnapshot(`
        {
          "errors": [],
          "fields": {
            "birthDate": "1974-08-12",
            "documentCode": "P",
            "documentNumber": "L898902C3",
            "expiryDate": "2012-04-15",
            "givenNames": "ANNA MARIA",
            "issuingCountry": "UTO",
            "nationality": "UTO",
            "optionalData": "ZE184226B",
            "optionalData2": null,
            "sex": "F",
            "surname": "ERIKSSON",
          },
          "format": "TD3",
          "valid": true,
        }
      `);
    });

    test("an invalid MRZ is 200 with valid: false and the errors; a malformed body is 400", async () => {
      const corrupted = [specimen[0]!, specimen[1]!.replace("L898902C36", "L898902C37")];
      const response = await post("/api/v1/identity/mrz/validate", undefined, { lines: corrupted });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        valid: false,
        errors: expect.arrayContaining([{ field: "documentNumber", code: "check_digit" }]),
      });
      const short = await post("/api/v1/identity/mrz/validate", undefined, { lines: ["P<UTO"] });
      expect(short.json()).toMatchObject({
        valid: false,
        format: null,
        errors: [{ field: "lines", code: "invalid_length" }],
      });
      for (const body of [{}, { lines: "P<UTO" }, { lines: [1, 2] }, { lines: specimen, extra: true }, { lines: [] }]) {
        const refused = await post("/api/v1/identity/mrz/validate", undefined, body);
        expect(refused.statusCode, JSON.stringify(body)).toBe(400);
        expect(refused.json().error.code).toBe("ENTRADA_VALIDATION");
      }
    });

    test("is rate-limited like the rest of the API", async () => {
      const limited = await createTestApp({ db: database.db, env: { RATE_LIMIT_MAX: "2" } });
      const statuses = [];
      for (let i = 0; i < 3; i += 1) {
        statuses.push(
          (
            await limited.app.inject({
              method: "POST",
              url: "/api/v1/identity/mrz/validate",
              payload: { lines: specimen },
            })
          ).statusCode,
        );
      }
      expect(statuses).toEqual([200, 200, 429]);
      await limited.app.close();
    });
  });

  describe("POST /identity/verifications", () => {
    test("a good passport passes; the identity is sealed, only the fingerprint is in clear", async () => {
      const bea = await signIn(app);
      const verification = await verifyIdentity(app, bea, { passport: testPassport });
      expect(verification).toMatchObject({ status: "passed", reasons: [], reviewedAt: null, documents: [] });
      const [row] = await database.db
        .select()
        .from(identityVerifications)
        .where(eq(identityVerifications.id, verification.id));
      expect(row).toMatchObject({ userId: bea.id, status: "passed", outcome: "passed", provider: "development" });
      expect(row!.fingerprint).toMatch(/^v1:[A-Za-z0-9_-]{43}$/);
      const stored = Buffer.from(row!.identityCiphertext).toString("latin1");
      expect(stored).not.toContain("ERIKSSON");
      expect(stored).not.toContain(testPassport.documentNumber);
      expect(JSON.stringify(row!.reasons)).not.toContain(testPassport.documentNumber);

      const current = await get("/api/v1/identity/verifications/current", bea);
      expect(current.json()).toMatchObject({
        verification: { id: verification.id, status: "passed" },
        credential: null,
      });
    });

    test("failures come back with their reasons: a wrong typed field, an expired passport", async () => {
      const carl = await signIn(app);
      const mismatch = await verifyIdentity(app, carl, {
        passport: { ...testPassport, birthDate: "1991-04-12" },
        mrz: mrzOf(testPassport),
      });
      expect(mismatch.status).toBe("failed");
      expect(mismatch.reasons).toEqual([{ code: "mrz_mismatch", outcome: "failed", field: "birthDate" }]);
      const expired = { ...testPassport, expiryDate: "2020-01-01" };
      const old = await verifyIdentity(app, carl, { passport: expired });
      expect(old.reasons).toEqual([{ code: "document_expired", outcome: "failed" }]);
      const garbled = await verifyIdentity(app, carl, { mrz: ["P<USA", "L898"] });
      expect(garbled.reasons[0]).toMatchObject({ code: "mrz_invalid", details: { errors: expect.any(Array) } });
      const current = await get("/api/v1/identity/verifications/current", carl);
      expect(current.json().verification.id).toBe(garbled.id);
    });

    test("the anonymous get 401, API keys 403; bodies are checked", async () => {
      expect(
        (await post("/api/v1/identity/verifications", undefined, { mrz: specimen, passport: testPassport })).statusCode,
      ).toBe(401);
      expect((await get("/api/v1/identity/verifications/current")).statusCode).toBe(401);
      const bad = await post("/api/v1/identity/verifications", ana, {
        mrz: specimen,
        passport: { ...testPassport, birthDate: "1990-02-30" },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.issues[0].path).toBe("body.passport.birthDate");
    });

    test("honours Idempotency-Key: a retry gets the first answer, nothing is checked twice", async () => {
      const dan = await signIn(app);
      const body = { mrz: mrzOf(testPassport), passport: testPassport };
      const first = await post("/api/v1/identity/verifications", dan, body, { "idempotency-key": "verify-1" });
      const again = await post("/api/v1/identity/verifications", dan, body, { "idempotency-key": "verify-1" });
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(again.json().id).toBe(first.json().id);
      const rows = await database.db
        .select()
        .from(identityVerifications)
        .where(eq(identityVerifications.userId, dan.id));
      expect(rows).toHaveLength(1);
    });

    test("a second account with a passport already verified is flagged as a duplicate", async () => {
      const first = await signIn(app);
      const second = await signIn(app);
      const passport = { ...testPassport, documentNumber: "DUP123456" };
      const original = await verifyIdentity(app, first, { passport });
      expect(original.status).toBe("passed");
      // The same person again on the same account is no duplicate.
      const again = await verifyIdentity(app, first, { passport });
      expect(again.status).toBe("passed");
      const duplicate = await verifyIdentity(app, second, { passport });
      // A traveller is told it waits for a review, not why.
      expect(duplicate).toMatchObject({ status: "flagged", reasons: [] });
      const queue = (await get("/api/v1/identity/reviews?limit=100", reviewer)).json();
      const item = queue.items.find((entry: { id: string }) => entry.id === duplicate.id);
      // The reviewer sees which check of the other account it is (either passed one), when it ran and how it ended.
      expect(item.reasons).toEqual([
        {
          code: "duplicate_identity",
          outcome: "flagged",
          details: {
            subjectId: first.id,
            otherVerification: { id: expect.any(String), checkedAt: again.checkedAt, status: "passed" },
          },
        },
      ]);
      expect([original.id, again.id]).toContain(item.reasons[0].details.otherVerification.id);
      // The traveller's own view says nothing of it.
      const current = (await get("/api/v1/identity/verifications/current", second)).json();
      expect(JSON.stringify(current)).not.toContain(first.id);
    });

    test("the documents given go to the provider and are linked to the verification; others' are refused", async () => {
      const eve = await signIn(app);
      const bioPage = (await uploadDocument(app, eve, "passport_bio_page", samplePng(1200, 850))).json();
      const photo = (await uploadDocument(app, eve, "photo", samplePng(800, 1000))).json();
      const verification = await verifyIdentity(app, eve, {
        documents: { passportBioPage: bioPage.id, photo: photo.id },
      });
      expect(verification.documents).toEqual([
        expect.objectContaining({ id: bioPage.id, kind: "passport_bio_page" }),
        expect.objectContaining({ id: photo.id, kind: "photo" }),
      ]);
      const rows = await database.db.select().from(identityDocuments).where(eq(identityDocuments.userId, eve.id));
      expect(rows.every((row) => row.verificationId === verification.id)).toBe(true);
      const log = await database.db.select().from(documentAccessLog).where(eq(documentAccessLog.documentId, photo.id));
      expect(log).toEqual([expect.objectContaining({ actorId: eve.id, actorRole: "traveller", purpose: "kyc_check" })]);
      const stolen = await post("/api/v1/identity/verifications", ana, {
        mrz: mrzOf(testPassport),
        passport: testPassport,
        documents: { photo: photo.id },
      });
      expect(stolen.statusCode).toBe(404);
      const wrongKind = await post("/api/v1/identity/verifications", eve, {
        mrz: mrzOf(testPassport),
        passport: testPassport,
        documents: { passportBioPage: photo.id },
      });
      expect(wrongKind.statusCode).toBe(404);
    });

    test("the HTTP KYC provider is asked with the images; its verdict decides; its outage is a 503 and stores nothing", async () => {
      let verdict: Record<string, unknown> = { id: "prov-1", liveness: "passed", face_match: "no_match", score: 0.1 };
      let status = 200;
      const provider = await startHttpStandIn(() => ({ status, body: JSON.stringify(verdict) }));
      const kyc = await createTestApp({
        db: database.db,
        env: { KYC_PROVIDER_URL: provider.url, KYC_PROVIDER_KEY: "stand-in-token" },
      });
      try {
        const fay = await signIn(kyc.app);
        const photo = (await uploadDocument(kyc.app, fay, "photo", samplePng(800, 1000))).json();
        const rejected = await verifyIdentity(kyc.app, fay, { documents: { photo: photo.id } });
        expect(rejected).toMatchObject({ status: "failed", reasons: [{ code: "face_mismatch", outcome: "failed" }] });
        const sent = provider.requests.at(-1)!;
        expect(sent.headers.authorization).toBe("Bearer stand-in-token");
        const sentBody = JSON.parse(sent.body);
        expect(sentBody).toMatchObject({
          reference: rejected.id,
          document: { type: "passport", issuing_country: "USA" },
        });
        expect(Buffer.from(sentBody.selfie, "base64")).toEqual(samplePng(800, 1000));
        // Nothing personal leaves for the provider but the images.
        expect(sent.body).not.toContain("ERIKSSON");

        verdict = { id: "prov-2", liveness: "inconclusive", face_match: "match" };
        expect((await verifyIdentity(kyc.app, fay)).status).toBe("flagged");

        status = 503;
        const before = await database.db
          .select()
          .from(identityVerifications)
          .where(eq(identityVerifications.userId, fay.id));
        const down = await kyc.app.inject({
          method: "POST",
          url: "/api/v1/identity/verifications",
          headers: fay.headers,
          payload: { mrz: mrzOf(testPassport), passport: testPassport },
        });
        expect(down.statusCode).toBe(503);
        expect(down.json().error.code).toBe("ENTRADA_KYC_PROVIDER_UNAVAILABLE");
        const after = await database.db
          .select()
          .from(identityVerifications)
          .where(eq(identityVerifications.userId, fay.id));
        expect(after).toHaveLength(before.length);
      } finally {
        await kyc.app.close();
        await provider.close();
      }
    });
  });

  test("the KYC provider is reached through the outbound client: on loopback only while OUTBOUND_ALLOW_LOOPBACK allows", async () => {
    const provider = await startHttpStandIn(() => ({ status: 200, body: "{}" }));
    const kyc = await createTestApp({
      db: database.db,
      env: { KYC_PROVIDER_URL: provider.url, KYC_PROVIDER_KEY: "stand-in-token", OUTBOUND_ALLOW_LOOPBACK: "false" },
    });
    try {
      const gil = await signIn(kyc.app);
      const photo = (await uploadDocument(kyc.app, gil, "photo", samplePng(800, 1000))).json();
      const refused = await kyc.app.inject({
        method: "POST",
        url: "/api/v1/identity/verifications",
        headers: gil.headers,
        payload: { mrz: mrzOf(testPassport), passport: testPassport, documents: { photo: photo.id } },
      });
      // 127.0.0.1 is refused at connect time: the images never leave, nothing is decided.
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error.code).toBe("ENTRADA_KYC_PROVIDER_UNAVAILABLE");
      expect(provider.requests).toEqual([]);
    } finally {
      await kyc.app.close();
      await provider.close();
    }
  });

  describe("the KYC review queue", () => {
    test("a sanctions-like name is flagged; only KYC reviewers see the queue and decide, with a reason", async () => {
      const gus = await signIn(app);
      // "LI, Moxuan" (1980) is an entry of the sample sanctions list.
      const listed = {
        ...testPassport,
        surname: "Li",
        givenNames: "Moxuan",
        birthDate: "1980-06-01",
        documentNumber: "X12345678",
      };
      const flagged = await verifyIdentity(app, gus, { passport: listed });
      expect(flagged).toMatchObject({ status: "flagged", reasons: [] });

      expect((await get("/api/v1/identity/reviews", ana)).statusCode).toBe(403);
      expect((await get("/api/v1/identity/reviews")).statusCode).toBe(401);
      const queue = (await get("/api/v1/identity/reviews?limit=100", reviewer)).json();
      const item = queue.items.find((entry: { id: string }) => entry.id === flagged.id);
      expect(item).toMatchObject({
        userId: gus.id,
        status: "flagged",
        outcome: "flagged",
        reasons: [{ code: "sanctions_match", outcome: "flagged", details: { matches: [{ entryId: 9000004 }] } }],
        passport: { surname: "Li", givenNames: "Moxuan" },
        identity: { surname: "Li", documentNumber: "X12345678", nationality: "USA" },
        review: null,
      });
      // For reviewers: the entry as listed, the name that matched, its programmes, birth years and score.
      expect(item.reasons[0].details.matches).toEqual([
        {
          entryId: 9000004,
          listedName: "LI, Moxuan",
          matchedName: "LI, Moxuan",
          matchedAs: "primary",
          programs: ["DEMO-EAST"],
          birthYears: [1980],
          birthYearMatches: true,
          score: expect.any(Number),
        },
      ]);
      // Not in the clear columns: the listed names are sealed with the identity.
      const [stored] = await database.db
        .select({ reasons: identityVerifications.reasons })
        .from(identityVerifications)
        .where(eq(identityVerifications.id, flagged.id));
      expect(JSON.stringify(stored!.reasons)).not.toContain("LI, Moxuan");
      // Nor in the traveller's view.
      const mine = (await get("/api/v1/identity/verifications/current", gus)).json();
      expect(JSON.stringify(mine)).not.toMatch(/Moxuan|DEMO-EAST|9000004/);
      expect(item).toMatchObject({
        passport: { surname: "Li", givenNames: "Moxuan" },
        identity: { surname: "Li", documentNumber: "X12345678", nationality: "USA" },
        review: null,
      });

      const decide = (user: TestUser, body: unknown, id = flagged.id) =>
        post(`/api/v1/identity/reviews/${id}/decide`, user, body);
      expect((await decide(gus, { decision: "pass", reason: "me" })).statusCode).toBe(403);
      expect((await decide(reviewer, { decision: "pass" })).statusCode).toBe(400);
      expect(
        (await decide(reviewer, { decision: "pass", reason: "x" }, "00000000-0000-4000-8000-000000000000")).statusCode,
      ).toBe(404);
      const decided = await decide(reviewer, {
        decision: "pass",
        reason: "Different person: birth date and nationality differ.",
      });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json()).toMatchObject({
        id: flagged.id,
        status: "passed",
        outcome: "flagged",
        review: { decision: "pass" },
      });
      expect(decided.body).not.toContain("Moxuan");
      // The traveller is told at once: an outbox event with ids and the decision, nothing personal.
      const events = await database.db.select().from(outbox).where(eq(outbox.aggregateId, flagged.id));
      expect(events.map(({ topic, payload }) => ({ topic, payload }))).toEqual([
        {
          topic: "identity.review_decided",
          payload: {
            verificationId: flagged.id,
            userId: gus.id,
            decision: "pass",
            at: decided.json().review.reviewedAt,
          },
        },
      ]);
      const twice = await decide(reviewer, { decision: "fail", reason: "changed my mind" });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error).toMatchObject({
        code: "ENTRADA_VERIFICATION_NOT_FLAGGED",
        details: { status: "passed" },
      });
      const after = (await get("/api/v1/identity/reviews?limit=100", reviewer)).json();
      expect(after.items.map((entry: { id: string }) => entry.id)).not.toContain(flagged.id);
      expect((await get("/api/v1/identity/verifications/current", gus)).json().verification.status).toBe("passed");
    });

    test("a reviewer cannot decide their own verification; a failed review tells the traveller", async () => {
      const other = await signIn(app);
      await grantRole(database.db, other.id, "kyc_reviewer");
      const provider = createDevKycProvider({ result: { liveness: "inconclusive" } });
      const inconclusive = await createTestApp({ db: database.db, kycProvider: provider });
      try {
        const mine = await verifyIdentity(inconclusive.app, reviewer);
        expect(mine.status).toBe("flagged");
        const self = await post(`/api/v1/identity/reviews/${mine.id}/decide`, reviewer, {
          decision: "pass",
          reason: "ok",
        });
        expect(self.statusCode).toBe(403);
        const failed = await post(`/api/v1/identity/reviews/${mine.id}/decide`, other, {
          decision: "fail",
          reason: "The selfie shows a photo of a screen.",
        });
        expect(failed.json().status).toBe("failed");
        const [event] = await database.db.select().from(outbox).where(eq(outbox.aggregateId, mine.id));
        expect(event).toMatchObject({
          topic: "identity.review_decided",
          payload: { userId: reviewer.id, decision: "fail" },
        });
        expect(JSON.stringify(event!.payload)).not.toContain("screen");
        const current = (await get("/api/v1/identity/verifications/current", reviewer)).json();
        expect(current.verification).toMatchObject({ status: "failed", reasons: [{ code: "review_failed" }] });
      } finally {
        await inconclusive.app.close();
      }
    });
  });
});
