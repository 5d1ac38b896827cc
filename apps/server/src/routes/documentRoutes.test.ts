import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { documentAccessLog, identityDocuments } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { createDevKycProvider, parseCid } from "@entrada/identity";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { testAnswers } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp, testDataDir } from "../testing/createTestApp.ts";
import { escrowPaid } from "../testing/escrowEvents.ts";
import {
  createTestHolder,
  issueCredential,
  presentCredential,
  samplePng,
  uploadDocument,
  verifyIdentity,
} from "../testing/identitySteps.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";

describe.each(createTestDatabases())("document routes on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;
  let ben: TestUser;
  let officer: TestUser;
  let thaiOfficer: TestUser;

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    ana = await signIn(t.app);
    ben = await signIn(t.app);
    officer = await signIn(t.app);
    thaiOfficer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
    await grantRole(database.db, thaiOfficer.id, "officer", { authorityId: "th-evisa" });
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  const read = (id: string, user?: TestUser) =>
    t.app.inject({
      method: "GET",
      url: `/api/v1/identity/documents/${id}`,
      ...(user ? { headers: user.headers } : {}),
    });

  describe("POST /identity/documents", () => {
    test("stores the upload sealed, by CID, with a row naming owner, kind, type and size", async () => {
      const png = samplePng(1200, 850);
      const response = await uploadDocument(t.app, ana, "passport_bio_page", png);
      expect(response.statusCode, response.body).toBe(201);
      const document = response.json();
      expect(document).toMatchObject({ kind: "passport_bio_page", contentType: "image/png", size: png.byteLength });
      const [row] = await database.db.select().from(identityDocuments).where(eq(identityDocuments.id, document.id));
      expect(row).toMatchObject({ userId: ana.id, deletedAt: null, verificationId: null });
      expect(() => parseCid(row!.cid)).not.toThrow();
      const blob = await readFile(join(testDataDir, "documents", ...blobPath(row!.cid)));
      // The blob on disk is the sealed document: nothing of the original shows.
      expect(blob.subarray(0, 4).toString("latin1")).toBe("ENTD");
      expect(blob.includes(png.subarray(12, 24))).toBe(false);
    });

    test("refuses what is not a legible document, with the problems; wrong media types, oversize and strangers", async () => {
      const small = await uploadDocument(t.app, ana, "photo", samplePng(100, 100));
      expect(small.statusCode).toBe(422);
      expect(small.json().error).toMatchObject({
        code: "ENTRADA_DOCUMENT_REJECTED",
        details: { problems: ["dimensions_too_small"] },
      });
      // 8 000 × 8 000 declares 64 megapixels: over the pixel budget (40), refused from the header alone.
      const bomb = await uploadDocument(t.app, ana, "passport_bio_page", samplePng(8_000, 8_000));
      expect(bomb.statusCode).toBe(422);
      expect(bomb.json().error).toMatchObject({
        code: "ENTRADA_DOCUMENT_REJECTED",
        details: { problems: ["too_many_pixels"] },
      });
      const mismatch = await uploadDocument(t.app, ana, "photo", samplePng(800, 1000), "image/jpeg");
      expect(mismatch.json().error.details.problems).toEqual(["type_mismatch"]);
      const text = await uploadDocument(t.app, ana, "photo", Buffer.from("hello"), "text/plain");
      expect(text.statusCode).toBe(415);
      const empty = await uploadDocument(t.app, ana, "photo", Buffer.alloc(0), "application/octet-stream");
      expect(empty.statusCode).toBe(422);
      const huge = Buffer.concat([samplePng(800, 1000), Buffer.alloc(10 * 1024 * 1024)]);
      const tooLarge = await uploadDocument(t.app, ana, "photo", huge);
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().error).toMatchObject({
        code: "ENTRADA_PAYLOAD_TOO_LARGE",
        details: { limitBytes: 10_485_760 },
      });
      const badKind = await t.app.inject({
        method: "POST",
        url: "/api/v1/identity/documents?kind=selfie",
        headers: { ...ana.headers, "content-type": "image/png" },
        payload: samplePng(800, 1000),
      });
      expect(badKind.statusCode).toBe(400);
      const anonymous = await t.app.inject({
        method: "POST",
        url: "/api/v1/identity/documents?kind=photo",
        headers: { "content-type": "image/png" },
        payload: samplePng(800, 1000),
      });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe("GET /identity/documents/:id", () => {
    test("its owner reads it back; others get 404; every read is logged", async () => {
      const png = samplePng(800, 1000);
      const { id } = (await uploadDocument(t.app, ana, "photo", png)).json();
      const mine = await read(id, ana);
      expect(mine.statusCode).toBe(200);
      expect(mine.headers["content-type"]).toBe("image/png");
      expect(mine.headers["cache-control"]).toBe("private, no-store");
      expect(mine.rawPayload.equals(png)).toBe(true);
      expect((await read(id, ben)).statusCode).toBe(404);
      expect((await read(id, officer)).statusCode).toBe(404);
      expect((await read(id)).statusCode).toBe(401);
      expect((await read("00000000-0000-4000-8000-000000000000", ana)).statusCode).toBe(404);
      const log = await database.db.select().from(documentAccessLog).where(eq(documentAccessLog.documentId, id));
      expect(log).toEqual([expect.objectContaining({ actorId: ana.id, actorRole: "traveller", purpose: "owner" })]);
    });

    test("an application filed with a presentation carries the documents to the deciding officer, and only theirs", async () => {
      const cleo = await signIn(t.app);
      const bioPage = (await uploadDocument(t.app, cleo, "passport_bio_page", samplePng(1200, 850))).json();
      const photo = (await uploadDocument(t.app, cleo, "photo", samplePng(800, 1000))).json();
      await verifyIdentity(t.app, cleo, { documents: { passportBioPage: bioPage.id, photo: photo.id } });
      const holder = await createTestHolder();
      const { credential } = await issueCredential(t.app, cleo, holder, { verified: true });
      const { response } = await presentCredential(t.app, cleo, holder, credential, "gb-eta");
      const created = await t.app.inject({
        method: "POST",
        url: "/api/v1/applications",
        headers: cleo.headers,
        payload: { productId: "gb-eta", presentationId: response.json().id, answers: testAnswers },
      });
      expect(created.statusCode, created.body).toBe(201);
      const application = created.json();
      expect(application.documents.map((document: { id: string }) => document.id).sort()).toEqual(
        [bioPage.id, photo.id].sort(),
      );
      // Before payment the authority sees neither the application nor the documents.
      expect((await read(photo.id, officer)).statusCode).toBe(404);

      await t.app.inject({
        method: "POST",
        url: `/api/v1/applications/${application.id}/submit`,
        headers: cleo.headers,
      });
      const quoted = await t.app.inject({
        method: "POST",
        url: `/api/v1/applications/${application.id}/quote`,
        headers: cleo.headers,
        payload: { token: "USDC", payer: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" },
      });
      expect(quoted.statusCode, quoted.body).toBe(201);
      const handler = createChainEventHandler({
        deployment: t.deployment,
        confirmations: 1,
        clock: t.clock,
        logger: { warn() {}, error() {} },
      });
      await database.db.transaction((tx) => handler.onEvents(tx, [escrowPaid(quoted.json().escrowQuote)]));

      const officerView = await t.app.inject({
        method: "GET",
        url: `/api/v1/officer/applications/${application.id}`,
        headers: officer.headers,
      });
      expect(officerView.json().documents).toHaveLength(2);
      const seen = await read(photo.id, officer);
      expect(seen.statusCode).toBe(200);
      expect((await read(photo.id, thaiOfficer)).statusCode).toBe(404);
      const log = await database.db
        .select()
        .from(documentAccessLog)
        .where(eq(documentAccessLog.documentId, photo.id))
        .orderBy(asc(documentAccessLog.id));
      expect(log.map((entry) => [entry.actorRole, entry.purpose, entry.applicationId])).toEqual([
        ["traveller", "kyc_check", null],
        ["officer", "application_review", application.id],
      ]);
    });

    test("a KYC reviewer reads the documents of a flagged check, and no others", async () => {
      const reviewer = await signIn(t.app);
      await grantRole(database.db, reviewer.id, "kyc_reviewer");
      const dora = await signIn(t.app);
      const photo = (await uploadDocument(t.app, dora, "photo", samplePng(800, 1000))).json();
      expect((await read(photo.id, reviewer)).statusCode).toBe(404);
      const inconclusive = await createTestApp({
        db: database.db,
        kycProvider: createDevKycProvider({ result: { faceMatch: "inconclusive" } }),
      });
      try {
        const flagged = await verifyIdentity(inconclusive.app, dora, { documents: { photo: photo.id } });
        expect(flagged.status).toBe("flagged");
        expect((await read(photo.id, reviewer)).statusCode).toBe(200);
        await t.app.inject({
          method: "POST",
          url: `/api/v1/identity/reviews/${flagged.id}/decide`,
          headers: reviewer.headers,
          payload: { decision: "pass", reason: "Face matches on a second look." },
        });
        // Decided: the reviewer has no more business with it.
        expect((await read(photo.id, reviewer)).statusCode).toBe(404);
      } finally {
        await inconclusive.app.close();
      }
      const log = await database.db.select().from(documentAccessLog).where(eq(documentAccessLog.documentId, photo.id));
      expect(log.map((entry) => entry.purpose)).toEqual(["kyc_check", "kyc_review"]);
    });
  });
});

/** Where the folder blob store keeps a CID (its sharding), found by listing. */
function blobPath(cid: string): string[] {
  return [cid.slice(-2), cid];
}
