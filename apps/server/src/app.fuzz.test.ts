import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import fc from "fast-check";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDraft, createQuoted, testAnswers, testApplicant } from "./testing/applicationSteps.ts";
import { createTestApp } from "./testing/createTestApp.ts";
import { signIn, type TestUser } from "./testing/signIn.ts";

/** Runs per property: enough to find a crash, few enough to keep the suite quick. */
const numRuns = 60;

/** A body: any JSON, or text that is not JSON at all. */
const anyBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
);

/** Something close to a valid value, to get past the first checks. */
const nearly = <T>(valid: T) =>
  fc.oneof(
    fc.constant(valid),
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 2 }),
  );

const nearlyApplicant = fc.record(
  Object.fromEntries(Object.entries(testApplicant).map(([key, value]) => [key, nearly(value)])),
  { requiredKeys: [] },
);
const nearlyAnswers = fc.dictionary(
  fc.oneof(fc.constantFrom(...Object.keys(testAnswers), "phone", "employer"), fc.string({ maxLength: 20 })),
  nearly("an answer"),
  { maxKeys: 6 },
);

describe.each(createTestDatabases().slice(0, 1))("no input gets a 500 ($name)", ({ open }) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ana: TestUser;
  let draftId: string;
  let quotedId: string;

  beforeAll(async () => {
    database = await open();
    ({ app } = await createTestApp({ db: database.db }));
    ana = await signIn(app);
    draftId = (await createDraft(app, ana)).id;
    quotedId = (await createQuoted(app, ana)).application.id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  /** Sends a request and checks the answer is a success or a well-formed client error. */
  async function expectNoServerError(request: InjectOptions) {
    const response = await app.inject(request);
    expect(response.statusCode, `${JSON.stringify(request)} → ${response.body}`).toBeLessThan(500);
    if (response.statusCode >= 400) {
      const body = response.json();
      expect(body.error.code).toMatch(/^ENTRADA_[A-Z_]+$/);
      expect(typeof body.error.message).toBe("string");
    }
  }

  const json = (
    method: "POST" | "PATCH",
    url: string,
    payload: string,
    headers: Record<string, string> = {},
  ): InjectOptions => ({
    method,
    url,
    payload,
    headers: { "content-type": "application/json", ...headers },
  });

  test("POST /applications with any body", async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, (body) => expectNoServerError(json("POST", "/api/v1/applications", body, ana.headers))),
      { numRuns },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            productId: nearly("gb-eta"),
            applicant: nearlyApplicant,
            applicantId: nearly("00000000-0000-4000-8000-000000000000"),
            organisationId: nearly("00000000-0000-4000-8000-000000000000"),
            answers: nearlyAnswers,
          },
          { requiredKeys: [] },
        ),
        (body) => expectNoServerError(json("POST", "/api/v1/applications", JSON.stringify(body), ana.headers)),
      ),
      { numRuns },
    );
  });

  test("PATCH /applications/:id with any body and any id", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(draftId), fc.string({ maxLength: 50 }).map(encodeURIComponent)),
        fc.oneof(
          anyBody,
          fc.record({ answers: nearlyAnswers }).map((body) => JSON.stringify(body)),
        ),
        (id, body) => expectNoServerError(json("PATCH", `/api/v1/applications/${id}`, body, ana.headers)),
      ),
      { numRuns },
    );
  });

  test("POST /eligibility and /auth/siwe with any body", async () => {
    const eligibility = fc.record(
      {
        nationality: nearly("USA"),
        destination: nearly("GB"),
        purpose: nearly("tourist"),
        travelDate: nearly("2030-01-01"),
        birthDate: nearly("1990-01-01"),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyBody,
          eligibility.map((body) => JSON.stringify(body)),
        ),
        (body) => expectNoServerError(json("POST", "/api/v1/eligibility", body)),
      ),
      { numRuns },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyBody,
          fc
            .record({ message: fc.string({ maxLength: 600 }), signature: nearly(`0x${"1b".repeat(65)}`) })
            .map((body) => JSON.stringify(body)),
        ),
        (body) => expectNoServerError(json("POST", "/api/v1/auth/siwe", body)),
      ),
      { numRuns },
    );
  });

  test("quote and payment authorization with any body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyBody,
          fc
            .record({ token: nearly("USDC"), payer: nearly(ana.account.address) }, { requiredKeys: [] })
            .map((b) => JSON.stringify(b)),
        ),
        (body) => expectNoServerError(json("POST", `/api/v1/applications/${quotedId}/quote`, body, ana.headers)),
      ),
      { numRuns },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyBody,
          fc
            .record(
              {
                signature: nearly(`0x${"00".repeat(65)}`),
                v: nearly(27),
                r: nearly(`0x${"11".repeat(32)}`),
                s: nearly(`0x${"22".repeat(32)}`),
              },
              { requiredKeys: [] },
            )
            .map((b) => JSON.stringify(b)),
        ),
        (body) =>
          expectNoServerError(
            json("POST", `/api/v1/applications/${quotedId}/payment/authorization`, body, ana.headers),
          ),
      ),
      { numRuns },
    );
  });

  test("lists with any query string, and any Idempotency-Key or Authorization header", async () => {
    const urls = [
      "/api/v1/applications",
      "/api/v1/officer/applications",
      "/api/v1/catalogue/products",
      `/api/v1/applications/${draftId}/history`,
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...urls),
        fc.dictionary(
          fc.constantFrom("cursor", "limit", "state", "authorityId", "destination", "purpose", "x"),
          fc.string({ maxLength: 30 }),
        ),
        (url, query) =>
          expectNoServerError({ method: "GET", url: `${url}?${new URLSearchParams(query)}`, headers: ana.headers }),
      ),
      { numRuns },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }).filter((value) => /^[\x20-\x7e]*$/.test(value)),
        fc.constantFrom("idempotency-key", "authorization"),
        (value, header) =>
          expectNoServerError(
            json("POST", "/api/v1/applications", JSON.stringify({ productId: "gb-eta", applicant: testApplicant }), {
              ...ana.headers,
              [header]: value,
            }),
          ),
      ),
      { numRuns },
    );
  });
});
