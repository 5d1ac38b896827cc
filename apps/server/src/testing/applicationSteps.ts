import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import type { TestUser } from "./signIn.ts";

/** A traveller eligible for the UK ETA (`gb-eta`, GBP 16): a US passport. */
export const testApplicant = {
  givenNames: "ANNA MARIA",
  surname: "ERIKSSON",
  dateOfBirth: "1990-04-12",
  sex: "F",
  nationality: "USA",
  passportNumber: "L898902C3",
  passportExpiryDate: "2031-01-01",
  passportIssuingCountry: "USA",
} as const;

/** Every answer the UK ETA requires beyond the passport data. */
export const testAnswers = {
  email: "anna@example.org",
  home_address: "1 Main Street, Springfield",
  occupation: "Engineer",
  criminal_record: "none",
} as const;

/** Every answer Kenya's eTA (`ke-eta-tourist`) asks beyond the passport; it also requires an itinerary and a booking. */
export const kenyaAnswers = {
  email: "anna@example.org",
  phone: "+1 555 0100",
  home_address: "1 Main Street, Springfield",
  travel_dates: "2027-03-01 to 2027-03-14",
  address_in_destination: "Hotel Sarova, Nairobi",
} as const;

/** A minimal, complete PDF: what the byte sniffing recognises as `application/pdf`. */
export const samplePdf = Buffer.from(
  "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

/** What a step returns: the application's JSON. */
export type ApplicationJson = { id: string; onchainId: string; state: string; [key: string]: unknown };

async function ok(response: { statusCode: number; body: string; json(): unknown }, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as ApplicationJson;
}

/**
 * A draft for the UK ETA with complete answers.
 *
 * @example
 * const draft = await createDraft(app, ana);
 */
export async function createDraft(
  app: FastifyInstance,
  user: TestUser,
  body: Record<string, unknown> = {},
): Promise<ApplicationJson> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/applications",
    headers: user.headers,
    payload: { productId: "gb-eta", applicant: testApplicant, answers: testAnswers, ...body },
  });
  return ok(response, 201);
}

/**
 * A submitted UK ETA application.
 *
 * @example
 * const application = await createSubmitted(app, ana);
 */
export async function createSubmitted(app: FastifyInstance, user: TestUser): Promise<ApplicationJson> {
  const draft = await createDraft(app, user);
  return ok(
    await app.inject({ method: "POST", url: `/api/v1/applications/${draft.id}/submit`, headers: user.headers }),
    200,
  );
}

/** A quote's JSON. */
export type QuoteJson = {
  id: string;
  digest: `0x${string}`;
  signature: `0x${string}`;
  expiresAt: string;
  escrowQuote: Record<string, string>;
  [key: string]: unknown;
};

/**
 * A UK ETA application with an open quote in `token`, paid by the user's wallet.
 *
 * @example
 * const { application, quote } = await createQuoted(app, ana);
 */
export async function createQuoted(
  app: FastifyInstance,
  user: TestUser,
  token: "USDC" | "USDT" = "USDC",
): Promise<{ application: ApplicationJson; quote: QuoteJson }> {
  const application = await createSubmitted(app, user);
  const response = await app.inject({
    method: "POST",
    url: `/api/v1/applications/${application.id}/quote`,
    headers: user.headers,
    payload: { token },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { application, quote: response.json() as QuoteJson };
}
