import { validateMrz } from "@entrada/identity";
import { z } from "zod";
import { routeSecurity } from "../http/routeSecurity.ts";
import {
  calendarDateSchema,
  idParamsSchema,
  pageQuerySchema,
  pageSchema,
  reasonSchema,
  uuidSchema,
} from "../schemas/primitives.ts";
import type { CredentialService } from "../services/createCredentialService.ts";
import type { VerificationService } from "../services/createVerificationService.ts";
import { credentialViewSchema } from "../views/credentialView.ts";
import { kycReviewViewSchema, verificationViewSchema } from "../views/verificationView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const mrzFieldsSchema = z.object({
  documentCode: z.string().nullable(),
  issuingCountry: z.string().nullable(),
  surname: z.string().nullable(),
  givenNames: z.string().nullable(),
  documentNumber: z.string().nullable(),
  nationality: z.string().nullable(),
  birthDate: z.string().nullable(),
  sex: z.enum(["M", "F", "X"]).nullable(),
  expiryDate: z.string().nullable(),
  optionalData: z.string().nullable(),
  optionalData2: z.string().nullable(),
});

/** `validateMrz`'s answer, as it is. */
const mrzValidationSchema = z.object({
  valid: z.boolean(),
  format: z.enum(["TD1", "TD2", "TD3"]).nullable(),
  fields: mrzFieldsSchema,
  errors: z.array(z.object({ field: z.string(), code: z.string() })).readonly(),
});

/** MRZ lines as a reader or a person types them: the validator says what is wrong with them. */
const mrzLinesSchema = z.array(z.string().max(100)).min(1).max(5);

/** An ICAO country code as printed on a data page: alpha-3, or ICAO's own (`D`). */
const icaoCountrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,3}$/, "must be an ICAO country code such as DEU");

/** The data page's fields, as the traveller typed them. */
const passportSchema = z
  .object({
    surname: z.string().trim().min(1).max(100),
    givenNames: z.string().trim().max(100),
    documentNumber: z.string().trim().min(1).max(20),
    nationality: icaoCountrySchema,
    birthDate: calendarDateSchema,
    expiryDate: calendarDateSchema,
    sex: z.enum(["M", "F", "X"]),
    issuingCountry: icaoCountrySchema.optional(),
  })
  .strict();

const currentSchema = z.object({
  verification: verificationViewSchema.nullable(),
  credential: credentialViewSchema.nullable(),
});

const decisionSchema = z.object({
  id: z.string(),
  status: z.enum(["passed", "flagged", "failed"]),
  outcome: z.enum(["passed", "flagged", "failed"]),
  review: z.object({ decision: z.enum(["pass", "fail"]), reason: z.string().nullable(), reviewedAt: z.string() }),
});

/**
 * Identity checks: `POST /identity/mrz/validate` (public: what is wrong with an MRZ),
 * `POST /identity/verifications` (the KYC pipeline on the caller's passport),
 * `GET /identity/verifications/current`, and the KYC reviewers' queue, `GET /identity/reviews` and
 * `POST /identity/reviews/:id/decide`.
 *
 * @example
 * await app.register(identityRoutes, { verifications, credentials, clock })
 */
export const identityRoutes: ApiPlugin<{
  verifications: VerificationService;
  credentials: CredentialService;
  clock: () => Date;
}> = async (app, { verifications, credentials, clock }) => {
  app.post(
    "/identity/mrz/validate",
    {
      schema: {
        tags: ["identity"],
        operationId: "validateMrz",
        summary: "Validate an MRZ (ICAO 9303): the fields, and every problem with a stable code",
        security: routeSecurity.public,
        body: z.object({ lines: mrzLinesSchema }).strict(),
        response: { 200: mrzValidationSchema },
      },
    },
    // An invalid MRZ is an answer, not an error: 200 with `valid: false`.
    async (request) => validateMrz(request.body.lines, { now: clock() }),
  );

  app.post(
    "/identity/verifications",
    {
      config: { idempotent: true },
      schema: {
        tags: ["identity"],
        operationId: "submitVerification",
        summary: "Verify the caller's identity: MRZ, typed fields, sanctions, duplicates, liveness and face match",
        security: routeSecurity.session,
        errors: [
          "ENTRADA_FORBIDDEN",
          "ENTRADA_NOT_FOUND",
          "ENTRADA_KYC_PROVIDER_UNAVAILABLE",
          "ENTRADA_KYC_PROVIDER_REJECTED",
          "ENTRADA_KYC_PROVIDER_RESPONSE_INVALID",
          "ENTRADA_DOCUMENT_NOT_FOUND",
          "ENTRADA_DOCUMENT_STORE_UNAVAILABLE",
          "ENTRADA_DOCUMENT_INTEGRITY",
          "ENTRADA_DOCUMENT_DECRYPTION_FAILED",
        ],
        body: z
          .object({
            mrz: mrzLinesSchema,
            passport: passportSchema,
            documents: z
              .object({ passportBioPage: uuidSchema.optional(), photo: uuidSchema.optional() })
              .strict()
              .optional(),
          })
          .strict(),
        response: { 201: verificationViewSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await verifications.submit(request.user, request.body)),
  );

  app.get(
    "/identity/verifications/current",
    {
      schema: {
        tags: ["identity"],
        operationId: "getCurrentVerification",
        summary: "The caller's newest verification and credential (null when none)",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN"],
        response: { 200: currentSchema },
      },
    },
    async (request) => ({
      verification: await verifications.current(request.user),
      credential: await credentials.current(request.user),
    }),
  );

  app.get(
    "/identity/reviews",
    {
      schema: {
        tags: ["identity"],
        operationId: "listKycReviews",
        summary: "KYC reviewers: flagged verifications, oldest first, with the identity and reasons",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_CURSOR_INVALID"],
        querystring: pageQuerySchema.strict(),
        response: { 200: pageSchema(kycReviewViewSchema) },
      },
    },
    async (request) => verifications.reviews(request.user, request.query),
  );

  app.post(
    "/identity/reviews/:id/decide",
    {
      config: { idempotent: true },
      schema: {
        tags: ["identity"],
        operationId: "decideKycReview",
        summary: "KYC reviewers: pass or fail a flagged verification, with a reason",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_NOT_FOUND", "ENTRADA_VERIFICATION_NOT_FLAGGED"],
        params: idParamsSchema,
        body: z.object({ decision: z.enum(["pass", "fail"]), reason: reasonSchema }).strict(),
        response: { 200: decisionSchema },
      },
    },
    async (request) => {
      const decided = await verifications.decide(request.user, request.params.id, request.body);
      // Only the decision: the answer is kept for Idempotency-Key replays, and holds no identity.
      return {
        id: decided.id,
        status: decided.status,
        outcome: decided.outcome,
        review: {
          decision: decided.review!.decision,
          reason: decided.review!.reason,
          reviewedAt: decided.review!.reviewedAt,
        },
      };
    },
  );
};
