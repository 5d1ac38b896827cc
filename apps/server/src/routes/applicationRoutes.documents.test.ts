import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { documentAccessLog, identityDocuments } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { kenyaAnswers, samplePdf, testApplicant } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp, testDataDir } from "../testing/createTestApp.ts";
import { escrowPaid } from "../testing/escrowEvents.ts";
import { samplePng } from "../testing/identitySteps.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";

describe.each(createTestDatabases())("supporting documents of applications on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;
  let ben: TestUser;
  let kenyaOfficer: TestUser;
  let ukOfficer: TestUser;

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    ana = await signIn(t.app);
    ben = await signIn(t.app);
    kenyaOfficer = await signIn(t.app);
    ukOfficer = await signIn(t.app);
    await grantRole(database.db, kenyaOfficer.id, "officer", { authorityId: "ke-eta" });
    await grantRole(database.db, ukOfficer.id, "officer", { authorityId: "gb-eta" });
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  const inject = (method: "GET" | "POST", url: string, user: TestUser, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload }) });

  const upload = (id: string, user: TestUser, kind: string, bytes: Buffer, contentType: string) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/applications/${id}/documents?kind=${kind}`,
      headers: { ...user.headers, "content-type": contentType },
      payload: bytes,
    });

  const readDocument = (id: string, user: TestUser) =>
    t.app.inject({ method: "GET", url: `/api/v1/identity/documents/${id}`, headers: user.headers });

  async function kenyaDraft(): Promise<string> {
    const response = await inject("POST", "/api/v1/applications", ana, {
      productId: "ke-eta-tourist",
      applicant: testApplicant,
      answers: kenyaAnswers,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }

  test("submission is refused until the product's documents are there; checked, sealed, listed on the application", async () => {
    const id = await kenyaDraft();
    const early = await inject("POST", `/api/v1/applications/${id}/submit`, ana);
    expect(early.statusCode).toBe(422);
    expect(early.json().error).toMatchObject({
      code: "ENTRADA_APPLICATION_DOCUMENTS_MISSING",
      details: { missing: ["itinerary", "accommodation_booking"] },
    });

    // The bytes decide: a PNG declared as a PDF, text, an image too small, a kind nobody asked for.
    const mismatch = await upload(id, ana, "itinerary", samplePng(800, 1000), "application/pdf");
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error).toMatchObject({
      code: "ENTRADA_DOCUMENT_REJECTED",
      details: { problems: ["type_mismatch"] },
    });
    expect((await upload(id, ana, "itinerary", Buffer.from("my trip"), "text/plain")).statusCode).toBe(415);
    const tiny = await upload(id, ana, "itinerary", samplePng(100, 100), "image/png");
    expect(tiny.json().error.details.problems).toEqual(["dimensions_too_small"]);
    const unasked = await upload(id, ana, "invitation_letter", samplePdf, "application/pdf");
    expect(unasked.statusCode).toBe(422);
    expect(unasked.json().error).toMatchObject({
      code: "ENTRADA_DOCUMENT_NOT_ASKED",
      details: { kind: "invitation_letter", accepted: ["itinerary", "accommodation_booking"] },
    });
    // Someone else's application is not there for them.
    expect((await upload(id, ben, "itinerary", samplePdf, "application/pdf")).statusCode).toBe(404);

    const itinerary = await upload(id, ana, "itinerary", samplePdf, "application/pdf");
    expect(itinerary.statusCode, itinerary.body).toBe(201);
    const booking = await upload(id, ana, "accommodation_booking", samplePng(1200, 1600), "image/png");
    expect(booking.statusCode, booking.body).toBe(201);
    const documents = booking.json().documents as { id: string; kind: string; contentType: string }[];
    expect(documents.map((document) => [document.kind, document.contentType])).toEqual([
      ["itinerary", "application/pdf"],
      ["accommodation_booking", "image/png"],
    ]);
    const [row] = await database.db.select().from(identityDocuments).where(eq(identityDocuments.id, documents[0]!.id));
    expect(row).toMatchObject({ userId: ana.id, kind: "itinerary", size: samplePdf.byteLength });
    // Sealed like identity documents: nothing of the PDF shows in the stored blob.
    const blob = await readFile(join(testDataDir, "documents", row!.cid.slice(-2), row!.cid));
    expect(blob.subarray(0, 4).toString("latin1")).toBe("ENTD");
    expect(blob.includes(Buffer.from("%PDF"))).toBe(false);
    const mine = await readDocument(documents[0]!.id, ana);
    expect(mine.headers["content-type"]).toBe("application/pdf");
    expect(mine.rawPayload.equals(samplePdf)).toBe(true);

    const submitted = await inject("POST", `/api/v1/applications/${id}/submit`, ana);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().state).toBe("submitted");
    const late = await upload(id, ana, "itinerary", samplePdf, "application/pdf");
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("ENTRADA_APPLICATION_LOCKED");
  });

  test("the deciding officer reads each document (logged with who, when, which), another authority's does not; needs-info asks for one and the upload answers it", async () => {
    const id = await kenyaDraft();
    const itinerary = (await upload(id, ana, "itinerary", samplePdf, "application/pdf")).json();
    const application = (await upload(id, ana, "accommodation_booking", samplePng(1200, 1600), "image/png")).json();
    const documentIds = (application.documents as { id: string }[]).map((document) => document.id);
    expect(itinerary.documents).toHaveLength(1);
    await inject("POST", `/api/v1/applications/${id}/submit`, ana);
    const quoted = await inject("POST", `/api/v1/applications/${id}/quote`, ana, {
      token: "USDC",
      payer: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
    });
    expect(quoted.statusCode, quoted.body).toBe(201);
    // Before payment the authority sees nothing of it.
    expect((await readDocument(documentIds[0]!, kenyaOfficer)).statusCode).toBe(404);
    const handler = createChainEventHandler({
      deployment: t.deployment,
      confirmations: 1,
      clock: t.clock,
      logger: { warn() {}, error() {} },
    });
    await database.db.transaction((tx) => handler.onEvents(tx, [escrowPaid(quoted.json().escrowQuote)]));

    const seen = (await inject("GET", `/api/v1/officer/applications/${id}`, kenyaOfficer)).json();
    expect(seen.documents.map((document: { id: string }) => document.id)).toEqual(documentIds);
    for (const documentId of documentIds) {
      expect((await readDocument(documentId, kenyaOfficer)).statusCode).toBe(200);
      expect((await readDocument(documentId, ukOfficer)).statusCode).toBe(404);
    }
    expect((await inject("GET", `/api/v1/officer/applications/${id}`, ukOfficer)).statusCode).toBe(404);
    const log = await database.db
      .select()
      .from(documentAccessLog)
      .where(eq(documentAccessLog.applicationId, id))
      .orderBy(asc(documentAccessLog.id));
    expect(log.map((entry) => [entry.documentId, entry.actorId, entry.actorRole, entry.purpose])).toEqual(
      documentIds.map((documentId) => [documentId, kenyaOfficer.id, "officer", "application_review"]),
    );
    expect(log.every((entry) => entry.at.getTime() === t.clock().getTime())).toBe(true);

    const unknownKind = await inject("POST", `/api/v1/officer/applications/${id}/request-info`, kenyaOfficer, {
      reason: "Please add a bank statement.",
      documents: ["bank_statement"],
    });
    expect(unknownKind.statusCode).toBe(400);
    const asked = await inject("POST", `/api/v1/officer/applications/${id}/request-info`, kenyaOfficer, {
      reason: "Please add a bank statement of the last three months.",
      documents: ["proof_of_funds"],
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({ state: "needs_info", requestedDocuments: ["proof_of_funds"] });
    expect((await inject("GET", `/api/v1/applications/${id}`, ana)).json().requestedDocuments).toEqual([
      "proof_of_funds",
    ]);
    const handedBackEarly = await inject("POST", `/api/v1/applications/${id}/submit`, ana);
    expect(handedBackEarly.statusCode).toBe(422);
    expect(handedBackEarly.json().error).toMatchObject({
      code: "ENTRADA_APPLICATION_DOCUMENTS_MISSING",
      details: { missing: ["proof_of_funds"] },
    });
    // Not a document of Kenya's eTA: accepted because the officer asked for it.
    const answered = await upload(id, ana, "proof_of_funds", samplePdf, "application/pdf");
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toMatchObject({ state: "needs_info", requestedDocuments: [] });
    const funds = (answered.json().documents as { id: string; kind: string }[]).find(
      (document) => document.kind === "proof_of_funds",
    )!;
    const handedBack = await inject("POST", `/api/v1/applications/${id}/submit`, ana);
    expect(handedBack.statusCode, handedBack.body).toBe(200);
    expect(handedBack.json().state).toBe("under_review");
    expect((await readDocument(funds.id, kenyaOfficer)).statusCode).toBe(200);
    expect((await readDocument(funds.id, ukOfficer)).statusCode).toBe(404);
    const [fundsRead] = await database.db
      .select()
      .from(documentAccessLog)
      .where(eq(documentAccessLog.documentId, funds.id));
    expect(fundsRead).toMatchObject({ actorId: kenyaOfficer.id, actorRole: "officer", applicationId: id });
  });
});
