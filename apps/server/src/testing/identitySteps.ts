import { buildMrz, createJwsSigner, createPresentation, type Jwk, type JwsSigner } from "@entrada/identity";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { testApplicant } from "./applicationSteps.ts";
import type { TestUser } from "./signIn.ts";

/** The data page of the test traveller (`testApplicant`, eligible for the UK ETA), as typed. */
export const testPassport = {
  surname: "Eriksson",
  givenNames: "Anna Maria",
  documentNumber: testApplicant.passportNumber,
  nationality: testApplicant.nationality,
  birthDate: testApplicant.dateOfBirth,
  expiryDate: testApplicant.passportExpiryDate,
  sex: testApplicant.sex,
  issuingCountry: testApplicant.passportIssuingCountry,
} as const;

/**
 * The MRZ of a data page.
 *
 * @example
 * mrzOf(testPassport) // ["P<USAERIKSSON<<ANNA<MARIA<<<…", "L898902C3…"]
 */
export function mrzOf(passport: {
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  birthDate: string;
  expiryDate: string;
  sex: "M" | "F" | "X";
  issuingCountry?: string;
}): string[] {
  return buildMrz({
    format: "TD3",
    issuingCountry: passport.issuingCountry ?? passport.nationality,
    surname: passport.surname,
    givenNames: passport.givenNames,
    documentNumber: passport.documentNumber,
    nationality: passport.nationality,
    birthDate: passport.birthDate,
    sex: passport.sex,
    expiryDate: passport.expiryDate,
  });
}

/** A credential holder as a browser is one: a non-extractable WebCrypto P-256 key. */
export type TestHolder = { publicJwk: Jwk; signer: JwsSigner };

/**
 * A new holder key pair (the private key cannot be exported, as in the web app).
 *
 * @example
 * const holder = await createTestHolder();
 */
export async function createTestHolder(): Promise<TestHolder> {
  const pair = await globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ]);
  const { kty, crv, x, y } = await globalThis.crypto.subtle.exportKey("jwk", pair.publicKey);
  return { publicJwk: { kty: kty!, crv: crv!, x: x!, y: y! }, signer: await createJwsSigner(pair.privateKey) };
}

/**
 * The test passport with a document number of its own: two accounts verified with one passport are
 * flagged as duplicates, so each test traveller gets their own.
 *
 * @example
 * const passport = uniquePassport(); // { ...testPassport, documentNumber: "T4K9Q2ZD1" }
 */
export function uniquePassport(): Omit<typeof testPassport, "documentNumber"> & { documentNumber: string } {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => alphabet[byte % alphabet.length]);
  return { ...testPassport, documentNumber: `T${random.join("")}` };
}

/**
 * Verifies the user's identity through the API, by default with a passport of their own
 * ({@link uniquePassport}) and its MRZ; the answer's JSON.
 *
 * @example
 * const verification = await verifyIdentity(app, ana);
 */
export async function verifyIdentity(
  app: FastifyInstance,
  user: TestUser,
  body: Record<string, unknown> = {},
  status = 201,
): Promise<{ id: string; status: string; reasons: { code: string }[]; [key: string]: unknown }> {
  const passport = (body.passport as Parameters<typeof mrzOf>[0] | undefined) ?? uniquePassport();
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/identity/verifications",
    headers: user.headers,
    payload: { mrz: mrzOf(passport), passport, ...body },
  });
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

/** A credential as `POST /identity/credential` answers it. */
export type IssuedCredentialJson = {
  id: string;
  credential: string;
  status: string;
  statusList: { id: number; index: number; uri: string };
};

/**
 * Verifies the user (unless `verified`) and issues their credential bound to `holder`.
 *
 * @example
 * const { credential } = await issueCredential(app, ana, holder);
 */
export async function issueCredential(
  app: FastifyInstance,
  user: TestUser,
  holder: TestHolder,
  { verified = false }: { verified?: boolean } = {},
): Promise<IssuedCredentialJson> {
  if (!verified) expect((await verifyIdentity(app, user)).status).toBe("passed");
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/identity/credential",
    headers: user.headers,
    payload: { holderJwk: holder.publicJwk },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** A presentation request as the API answers it. */
export type PresentationRequestJson = {
  id: string;
  nonce: string;
  audience: string;
  requiredClaims: string[];
  expiresAt: string;
};

/**
 * Asks for a presentation request for a product and answers it with the holder's credential,
 * disclosing what was asked (or `disclose`); the raw response of `POST /identity/presentations`.
 *
 * @example
 * const response = await presentCredential(app, ana, holder, credential, "gb-eta");
 */
export async function presentCredential(
  app: FastifyInstance,
  user: TestUser,
  holder: TestHolder,
  credential: string,
  productId: string,
  options: { disclose?: string[]; clock?: () => Date } = {},
) {
  const requested = await app.inject({
    method: "POST",
    url: "/api/v1/identity/presentation-requests",
    headers: user.headers,
    payload: { productId },
  });
  expect(requested.statusCode, requested.body).toBe(201);
  const request = requested.json() as PresentationRequestJson;
  const presentation = await createPresentation({
    credential,
    disclose: options.disclose ?? request.requiredClaims,
    nonce: request.nonce,
    audience: request.audience,
    signer: holder.signer,
    clock: options.clock,
  });
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/identity/presentations",
    headers: user.headers,
    payload: { requestId: request.id, presentation },
  });
  return { request, presentation, response };
}

/**
 * A PNG header that image readers take for a `width` × `height` picture, for upload tests.
 *
 * @example
 * await upload(app, ana, "photo", samplePng(800, 1000), "image/png");
 */
export function samplePng(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write("IHDR", 12, "ascii");
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes.set([8, 2, 0, 0, 0], 24);
  return bytes;
}

/**
 * Uploads an identity document; the raw response.
 *
 * @example
 * const response = await uploadDocument(app, ana, "passport_bio_page", samplePng(1200, 850));
 */
export function uploadDocument(
  app: FastifyInstance,
  user: TestUser,
  kind: "passport_bio_page" | "photo",
  bytes: Buffer,
  contentType = "image/png",
) {
  return app.inject({
    method: "POST",
    url: `/api/v1/identity/documents?kind=${kind}`,
    headers: { ...user.headers, "content-type": contentType },
    payload: bytes,
  });
}
