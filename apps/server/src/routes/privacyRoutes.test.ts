import { access } from "node:fs/promises";
import { join } from "node:path";
import {
  applicants,
  applicationEvents,
  applications,
  idempotencyKeys,
  identityCredentials,
  identityDocuments,
  identityVerifications,
  organisations,
  quotes,
  sessions,
  users,
} from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecordCipher } from "../crypto/createRecordCipher.ts";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { openApplicant } from "../services/openApplicant.ts";
import { createDraft, testAnswers } from "../testing/applicationSteps.ts";
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
import { verifyEmail } from "../testing/verifyEmail.ts";

describe.each(createTestDatabases())("privacy routes on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let officer: TestUser;

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    officer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  /** A traveller with everything: documents, a passed check, a credential, a paid application filed with it, and a draft. */
  async function travellerWithHistory() {
    const user = await signIn(t.app);
    await verifyEmail(t.app, database.db, user, `${user.id}@example.org`);
    const bioPage = (await uploadDocument(t.app, user, "passport_bio_page", samplePng(1200, 850))).json();
    const photo = (await uploadDocument(t.app, user, "photo", samplePng(800, 1000))).json();
    await verifyIdentity(t.app, user, { documents: { passportBioPage: bioPage.id, photo: photo.id } });
    const holder = await createTestHolder();
    const issued = await issueCredential(t.app, user, holder, { verified: true });
    const { response } = await presentCredential(t.app, user, holder, issued.credential, "gb-eta");
    const filed = await t.app.inject({
      method: "POST",
      url: "/api/v1/applications",
      headers: { ...user.headers, "idempotency-key": "file-1" },
      payload: { productId: "gb-eta", presentationId: response.json().id, answers: testAnswers },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const paidId = filed.json().id as string;
    await t.app.inject({ method: "POST", url: `/api/v1/applications/${paidId}/submit`, headers: user.headers });
    const quoted = await t.app.inject({
      method: "POST",
      url: `/api/v1/applications/${paidId}/quote`,
      headers: user.headers,
      payload: { token: "USDC" },
    });
    expect(quoted.statusCode, quoted.body).toBe(201);
    const handler = createChainEventHandler({
      deployment: t.deployment,
      confirmations: 1,
      clock: t.clock,
      logger: { warn() {}, error() {} },
    });
    await database.db.transaction((tx) => handler.onEvents(tx, [escrowPaid(quoted.json().escrowQuote)]));
    const draft = await createDraft(t.app, user);
    return { user, holder, issued, paidId, draftId: draft.id, documentIds: [bioPage.id, photo.id] as string[] };
  }

  test("GET /me/export downloads everything held about the caller, decrypted", async () => {
    const { user, paidId, draftId, issued } = await travellerWithHistory();
    const response = await t.app.inject({ method: "GET", url: "/api/v1/me/export", headers: user.headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-disposition"]).toMatch(
      /^attachment; filename="entrada-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(response.headers["cache-control"]).toBe("private, no-store");
    const data = response.json();
    expect(data.profile).toMatchObject({ id: user.id, email: `${user.id}@example.org`, roles: ["traveller"] });
    expect(data.identity.verifications).toEqual([
      expect.objectContaining({ status: "passed", passport: expect.objectContaining({ surname: "Eriksson" }) }),
    ]);
    expect(data.identity.credentials).toEqual([
      expect.objectContaining({
        id: issued.id,
        revokedAt: null,
        statusList: { uri: issued.statusList.uri, index: issued.statusList.index },
      }),
    ]);
    expect(data.identity.disclosures).toEqual([
      expect.objectContaining({ authorityId: "gb-eta", applicationId: paidId }),
    ]);
    expect(data.identity.documents).toHaveLength(2);
    expect(data.identity.documents[0].accesses).toEqual([expect.objectContaining({ purpose: "kyc_check" })]);
    const paid = data.applications.find((application: { id: string }) => application.id === paidId);
    expect(paid).toMatchObject({
      state: "paid",
      applicant: { surname: "Eriksson", verificationStatus: "verified" },
      answers: testAnswers,
      quotes: [expect.objectContaining({ status: "paid" })],
      payments: [expect.objectContaining({ txHash: expect.stringMatching(/^0x/) })],
    });
    expect(paid.history.map((event: { to: string }) => event.to)).toEqual([
      "draft",
      "submitted",
      "payment_pending",
      "paid",
    ]);
    expect(data.applications.map((application: { id: string }) => application.id)).toContain(draftId);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me/export" })).statusCode).toBe(401);
  });

  test("DELETE /me needs the confirmation, then erases: unpaid goes, paid stays anonymised, documents shredded, credential revoked, sessions end", async () => {
    const { user, holder, issued, paidId, draftId, documentIds } = await travellerWithHistory();
    const erase = (payload: unknown) =>
      t.app.inject({ method: "DELETE", url: "/api/v1/me", headers: user.headers, payload: payload as object });
    expect((await erase({})).statusCode).toBe(400);
    expect((await erase({ confirm: "yes" })).statusCode).toBe(400);
    const [stored] = await database.db
      .select()
      .from(identityDocuments)
      .where(eq(identityDocuments.id, documentIds[0]!));
    const cid = stored!.cid;

    const response = await erase({ confirm: "delete my account" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      applicationsKept: 1,
      applicationsDeleted: 1,
      documentsShredded: 2,
      credentialsRevoked: 1,
      // Paid, never issued: no e-visa.
      evisasErased: 0,
    });
    expect(response.cookies.find((cookie) => cookie.name === "entrada_session")?.value).toBe("");

    // Sessions ended: the old cookie opens nothing.
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: user.headers })).statusCode).toBe(401);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);

    // The user row stays for the kept records, with nothing that identifies the person.
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ walletAddress: null, email: `${user.id}@erased.invalid` });
    expect(row!.deletedAt).not.toBeNull();

    // The draft is gone; the paid application keeps its money trail and history, without the person.
    expect(await database.db.select().from(applications).where(eq(applications.id, draftId))).toEqual([]);
    const [kept] = await database.db.select().from(applications).where(eq(applications.id, paidId));
    expect(kept).toMatchObject({ state: "paid", answersCiphertext: null });
    expect(await database.db.select().from(quotes).where(eq(quotes.applicationId, paidId))).not.toEqual([]);
    const history = await database.db
      .select()
      .from(applicationEvents)
      .where(eq(applicationEvents.applicationId, paidId));
    expect(history.map((event) => event.toState)).toEqual(["draft", "submitted", "payment_pending", "paid"]);
    const [applicant] = await database.db.select().from(applicants).where(eq(applicants.id, kept!.applicantId));
    const cipher = createRecordCipher({ masterKey: t.config.masterKey });
    expect(openApplicant(cipher, applicant!)).toMatchObject({
      givenNames: "[erased]",
      surname: "[erased]",
      passportNumber: "",
    });
    const officerView = await t.app.inject({
      method: "GET",
      url: `/api/v1/officer/applications/${paidId}`,
      headers: officer.headers,
    });
    expect(officerView.json().applicant).toMatchObject({ surname: "[erased]" });
    expect(officerView.json().documents).toEqual([]);

    // Documents: blobs deleted (with their only data keys), rows marked.
    await expect(access(join(testDataDir, "documents", cid.slice(-2), cid))).rejects.toThrow();
    const documents = await database.db.select().from(identityDocuments).where(eq(identityDocuments.userId, user.id));
    expect(documents.every((document) => document.deletedAt !== null)).toBe(true);
    expect(
      (
        await t.app.inject({
          method: "GET",
          url: `/api/v1/identity/documents/${documentIds[0]}`,
          headers: officer.headers,
        })
      ).statusCode,
    ).toBe(404);

    // Identity gone; the credential revoked, its status entry kept taken but no longer linked to anyone.
    expect(
      await database.db.select().from(identityVerifications).where(eq(identityVerifications.userId, user.id)),
    ).toEqual([]);
    const [credential] = await database.db
      .select()
      .from(identityCredentials)
      .where(eq(identityCredentials.id, issued.id));
    expect(credential).toMatchObject({ userId: null, holderJwk: null, revocationReason: "account_deleted" });
    expect(
      await database.db
        .select()
        .from(idempotencyKeys)
        .where(eq(idempotencyKeys.scope, `user:${user.id}`)),
    ).toEqual([]);

    // Signing in again with the same wallet is a new, empty account.
    const again = await signIn(t.app, user.account);
    expect(again.id).not.toBe(user.id);
    const presented = await presentCredential(t.app, again, holder, issued.credential, "gb-eta");
    expect(presented.response.json().error.code).toBe("ENTRADA_CREDENTIAL_REVOKED");
  });

  test("an organisation admin's erasure leaves the organisation's applications alone", async () => {
    const [organisation] = await database.db.insert(organisations).values({ name: "Acme" }).returning();
    const admin = await signIn(t.app);
    await grantRole(database.db, admin.id, "org_admin", { organisationId: organisation!.id });
    const forEmployee = await createDraft(t.app, admin, { organisationId: organisation!.id });
    const own = await createDraft(t.app, admin);
    const response = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/me",
      headers: admin.headers,
      payload: { confirm: "delete my account" },
    });
    expect(response.json()).toMatchObject({ applicationsKept: 0, applicationsDeleted: 1 });
    expect(await database.db.select().from(applications).where(eq(applications.id, own.id))).toEqual([]);
    const [kept] = await database.db.select().from(applications).where(eq(applications.id, forEmployee.id));
    const [employee] = await database.db.select().from(applicants).where(eq(applicants.id, kept!.applicantId));
    const cipher = createRecordCipher({ masterKey: t.config.masterKey });
    expect(openApplicant(cipher, employee!).surname).toBe("ERIKSSON");
    expect(kept!.answersCiphertext).not.toBeNull();
  });
});
