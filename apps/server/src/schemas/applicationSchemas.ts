import { answerFields, identityFields } from "@entrada/core";
import { z } from "zod";
import { alpha3Schema, calendarDateSchema, slugSchema, uuidSchema } from "./primitives.ts";

/**
 * Required fields that the applicant's identity (passport data) answers, and those an application
 * answers itself: the catalogue's vocabulary, split once in @entrada/core.
 */
export { answerFields, identityFields };

/** A field an application answers. */
export type AnswerField = (typeof answerFields)[number];

/** Answers as stored (encrypted) and returned: one string per field. */
export type Answers = Partial<Record<AnswerField, string>>;

const answerValue = z.string().trim().min(1).max(2000);

/** Answers in a request: only known fields, each a non-empty string. */
export const answersSchema = z.partialRecord(z.enum(answerFields), answerValue);

/** Answers in a PATCH: `null` removes an answer. */
export const answersPatchSchema = z.partialRecord(z.enum(answerFields), answerValue.nullable());

/** The applicant's passport data, typed once (until the identity credential fills it). */
export const applicantInputSchema = z
  .object({
    givenNames: z.string().trim().min(1).max(100),
    surname: z.string().trim().min(1).max(100),
    dateOfBirth: calendarDateSchema,
    sex: z.enum(["F", "M", "X"]).optional(),
    nationality: alpha3Schema,
    passportNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{5,20}$/, "must be 5-20 letters and digits"),
    passportExpiryDate: calendarDateSchema,
    passportIssuingCountry: alpha3Schema,
  })
  .strict();

/** The applicant's passport data. */
export type ApplicantInput = z.output<typeof applicantInputSchema>;

/** `POST /applications`. */
export const createApplicationBodySchema = z
  .object({
    productId: slugSchema,
    /** File it for an organisation the caller administers; personal when absent. */
    organisationId: uuidSchema.optional(),
    /** An applicant of an earlier application (their passport data is reused)… */
    applicantId: uuidSchema.optional(),
    /** …or the applicant's passport data… */
    applicant: applicantInputSchema.optional(),
    /** …or a verified presentation of the identity credential (`POST /identity/presentations`). */
    presentationId: uuidSchema.optional(),
    answers: answersSchema.optional(),
  })
  .strict()
  .refine(
    (body) =>
      [body.applicantId, body.applicant, body.presentationId].filter((value) => value !== undefined).length === 1,
    { message: "give exactly one of applicantId, applicant and presentationId", path: ["applicant"] },
  );

/** `PATCH /applications/:id`. */
export const updateApplicationBodySchema = z.object({ answers: answersPatchSchema }).strict();
