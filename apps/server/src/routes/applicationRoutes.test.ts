import { applicants, applications, organisations, outbox, userRoles } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDraft, testAnswers, testApplicant } from "../testing/applicationSteps.ts";
import { createTestApp } from "../testing/createTestApp.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";

describe.each(createTestDatabases())("application routes on $name", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ana: TestUser;
  let ben: TestUser;

  beforeAll(async () => {
    database = await open();
    ({ app } = await createTestApp({ db: database.db }));
    ana = await signIn(app);
    ben = await signIn(app);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const get = (url: string, user?: TestUser) =>
    app.inject({ method: "GET", url, ...(user === undefined ? {} : { headers: user.headers }) });
  const post = (url: string, user: TestUser | undefined, payload?: Record<string, unknown>) =>
    app.inject({
      method: "POST",
      url,
      ...(user === undefined ? {} : { headers: user.headers }),
      ...(payload === undefined ? {} : { payload }),
    });

  describe("POST /applications", () => {
    test("creates a draft with the applicant's data sealed at rest", async () => {
      const draft = await createDraft(app, ana);
      expect(draft).toMatchObject({
        productId: "gb-eta",
        authorityId: "gb-eta",
        organisationId: null,
        state: "draft",
        decisionDeadline: null,
        applicant: { ...testApplicant, verificationStatus: "pending" },
        answers: testAnswers,
        quote: null,
        actions: ["submit", "cancel"],
      });
      expect(draft.onchainId).toMatch(/^0x[0-9a-f]{64}$/);
      // A short human reference beside the UUID, drawn at creation and unique.
      expect(draft.reference).toMatch(/^ENT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect((await createDraft(app, ana)).reference).not.toBe(draft.reference);
      const [row] = await database.db.select().from(applications).where(eq(applications.id, draft.id));
      expect(row!.reference).toBe(draft.reference);
      const [applicant] = await database.db.select().from(applicants).where(eq(applicants.id, row!.applicantId));
      expect(applicant!.nationality).toBe("USA");
      const stored = Buffer.concat([Buffer.from(applicant!.piiCiphertext), Buffer.from(row!.answersCiphertext!)]);
      expect(stored.toString("latin1")).not.toContain("ERIKSSON");
      expect(stored.toString("latin1")).not.toContain("Springfield");
      const events = await database.db.select().from(outbox).where(eq(outbox.aggregateId, draft.id));
      expect(events.map((event) => [event.topic, (event.payload as { to: string }).to])).toEqual([
        ["application.state_changed", "draft"],
      ]);
    });

    test("reuses an earlier applicant of the same user, and only theirs", async () => {
      const first = await createDraft(app, ana);
      const applicantId = (first.applicant as { id: string }).id;
      const again = await createDraft(app, ana, { applicant: undefined, applicantId });
      expect((again.applicant as { id: string }).id).toBe(applicantId);
      const stolen = await post("/api/v1/applications", ben, { productId: "gb-eta", applicantId });
      expect(stolen.statusCode).toBe(404);
      expect(stolen.json().error).toMatchObject({ code: "ENTRADA_NOT_FOUND", details: { resource: "applicant" } });
    });

    test("refuses the anonymous, unknown products and malformed bodies", async () => {
      expect(
        (await post("/api/v1/applications", undefined, { productId: "gb-eta", applicant: testApplicant })).statusCode,
      ).toBe(401);
      const unknown = await post("/api/v1/applications", ana, { productId: "xx-gold", applicant: testApplicant });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe("ENTRADA_PRODUCT_NOT_FOUND");
      const both = await post("/api/v1/applications", ana, {
        productId: "gb-eta",
        applicant: testApplicant,
        applicantId: "00000000-0000-4000-8000-000000000000",
      });
      expect(both.statusCode).toBe(400);
      const badAnswer = await post("/api/v1/applications", ana, {
        productId: "gb-eta",
        applicant: testApplicant,
        answers: { favourite_colour: "blue" },
      });
      expect(badAnswer.statusCode).toBe(400);
      const badPassport = await post("/api/v1/applications", ana, {
        productId: "gb-eta",
        applicant: { ...testApplicant, dateOfBirth: "1990-02-30" },
      });
      expect(badPassport.json().error.details.issues[0].path).toBe("body.applicant.dateOfBirth");
    });

    test("files for an organisation only by its admin", async () => {
      const [organisation] = await database.db.insert(organisations).values({ name: "Acme" }).returning();
      const admin = await signIn(app);
      await grantRole(database.db, admin.id, "org_admin", { organisationId: organisation!.id });
      const draft = await createDraft(app, admin, { organisationId: organisation!.id });
      expect(draft.organisationId).toBe(organisation!.id);
      const outsider = await post("/api/v1/applications", ana, {
        productId: "gb-eta",
        applicant: testApplicant,
        organisationId: organisation!.id,
      });
      expect(outsider.statusCode).toBe(403);
      expect(outsider.json().error.code).toBe("ENTRADA_FORBIDDEN");
      await database.db.delete(userRoles).where(eq(userRoles.userId, admin.id));
    });
  });

  describe("GET /applications/:id and /applications", () => {
    test("the owner reads it; others get 404; the anonymous 401; a bad id 400", async () => {
      const draft = await createDraft(app, ana);
      expect((await get(`/api/v1/applications/${draft.id}`, ana)).json().id).toBe(draft.id);
      const other = await get(`/api/v1/applications/${draft.id}`, ben);
      expect(other.statusCode).toBe(404);
      expect(other.json().error).toEqual({
        code: "ENTRADA_NOT_FOUND",
        message: `No application "${draft.id}".`,
        details: { resource: "application", id: draft.id },
      });
      expect((await get(`/api/v1/applications/${draft.id}`)).statusCode).toBe(401);
      expect((await get("/api/v1/applications/not-a-uuid", ana)).statusCode).toBe(400);
      expect((await get("/api/v1/applications/00000000-0000-4000-8000-000000000000", ana)).statusCode).toBe(404);
    });

    test("lists only the caller's applications, newest first, a page at a time", async () => {
      const carla = await signIn(app);
      const created = [];
      for (let i = 0; i < 3; i += 1) created.push(await createDraft(app, carla));
      await createDraft(app, ben);
      const first = await get("/api/v1/applications?limit=2", carla);
      expect(first.statusCode).toBe(200);
      const page1 = first.json();
      expect(page1.items.map((item: { id: string }) => item.id)).toEqual([created[2]!.id, created[1]!.id]);
      expect(page1.nextCursor).toEqual(expect.any(String));
      const page2 = (await get(`/api/v1/applications?limit=2&cursor=${page1.nextCursor}`, carla)).json();
      expect(page2).toEqual({ items: [expect.objectContaining({ id: created[0]!.id })], nextCursor: null });
      expect(page2.items[0]).not.toHaveProperty("answers");
      const drafts = (await get("/api/v1/applications?state=submitted", carla)).json();
      expect(drafts.items).toEqual([]);
      const badCursor = await get("/api/v1/applications?cursor=bm9wZQ", carla);
      expect(badCursor.statusCode).toBe(400);
      expect(badCursor.json().error.code).toBe("ENTRADA_CURSOR_INVALID");
      expect((await get("/api/v1/applications?limit=0", carla)).statusCode).toBe(400);
      expect((await get("/api/v1/applications?state=lost", carla)).statusCode).toBe(400);
      expect((await get("/api/v1/applications")).statusCode).toBe(401);
    });
  });

  describe("PATCH, submit, cancel, history", () => {
    test("answers change while a draft: set, replace, remove", async () => {
      const draft = await createDraft(app, ana);
      const response = await app.inject({
        method: "PATCH",
        url: `/api/v1/applications/${draft.id}`,
        headers: ana.headers,
        payload: { answers: { occupation: "Architect", criminal_record: null, phone: "+1 555 0100" } },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().answers).toEqual({
        email: testAnswers.email,
        home_address: testAnswers.home_address,
        occupation: "Architect",
        phone: "+1 555 0100",
      });
      const foreign = await app.inject({
        method: "PATCH",
        url: `/api/v1/applications/${draft.id}`,
        headers: ben.headers,
        payload: { answers: { occupation: "Spy" } },
      });
      expect(foreign.statusCode).toBe(404);
    });

    test("submitting needs every required answer", async () => {
      const draft = await createDraft(app, ana, { answers: { email: "a@example.org" } });
      const response = await post(`/api/v1/applications/${draft.id}/submit`, ana);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: "ENTRADA_ANSWERS_INCOMPLETE",
        details: { missing: ["home_address", "occupation", "criminal_record"] },
      });
    });

    test("submitting refuses nationalities the product is not for", async () => {
      const draft = await createDraft(app, ana, { applicant: { ...testApplicant, nationality: "GBR" } });
      const response = await post(`/api/v1/applications/${draft.id}/submit`, ana);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: "ENTRADA_NOT_ELIGIBLE",
        details: { productId: "gb-eta", reasons: ["visa_exempt"] },
      });
    });

    test("submits, then locks the answers and records who did what", async () => {
      const draft = await createDraft(app, ana);
      const submitted = await post(`/api/v1/applications/${draft.id}/submit`, ana);
      expect(submitted.statusCode).toBe(200);
      expect(submitted.json()).toMatchObject({ state: "submitted", actions: ["cancel", "start_payment"] });
      const again = await post(`/api/v1/applications/${draft.id}/submit`, ana);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe("ENTRADA_ILLEGAL_TRANSITION");
      const patch = await app.inject({
        method: "PATCH",
        url: `/api/v1/applications/${draft.id}`,
        headers: ana.headers,
        payload: { answers: { occupation: "Pilot" } },
      });
      expect(patch.statusCode).toBe(409);
      expect(patch.json().error.code).toBe("ENTRADA_APPLICATION_LOCKED");
      const cancelled = await post(`/api/v1/applications/${draft.id}/cancel`, ana, { reason: "Trip called off" });
      expect(cancelled.json().state).toBe("cancelled");

      const history = await get(`/api/v1/applications/${draft.id}/history`, ana);
      expect(history.statusCode).toBe(200);
      expect(
        history
          .json()
          .items.map((item: Record<string, unknown>) => [item.from, item.to, item.event, item.actorRole, item.reason]),
      ).toEqual([
        [null, "draft", "create", "traveller", null],
        ["draft", "submitted", "submit", "traveller", null],
        ["submitted", "cancelled", "cancel", "traveller", "Trip called off"],
      ]);
      const page = (await get(`/api/v1/applications/${draft.id}/history?limit=2`, ana)).json();
      expect(page.items).toHaveLength(2);
      const rest = (await get(`/api/v1/applications/${draft.id}/history?cursor=${page.nextCursor}`, ana)).json();
      expect(rest.items.map((item: { event: string }) => item.event)).toEqual(["cancel"]);
      expect((await get(`/api/v1/applications/${draft.id}/history`, ben)).statusCode).toBe(404);
    });

    test("a cancelled application cannot be cancelled again", async () => {
      const draft = await createDraft(app, ana);
      expect((await post(`/api/v1/applications/${draft.id}/cancel`, ana)).statusCode).toBe(200);
      const again = await post(`/api/v1/applications/${draft.id}/cancel`, ana);
      expect(again.statusCode).toBe(409);
    });
  });
});
