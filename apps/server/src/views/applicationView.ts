import {
  type ActorRole,
  type ApplicationEvent,
  availableEvents,
  type RequiredDocument,
  requiredDocuments,
} from "@entrada/core";
import { z } from "zod";
import { type Answers, type ApplicantInput, answerFields } from "../schemas/applicationSchemas.ts";
import { applicationStateSchema } from "../schemas/primitives.ts";
import type { ApplicationRow } from "../services/recordTransition.ts";
import { type DocumentView, documentViewSchema } from "./documentView.ts";
import { type QuoteView, quoteViewSchema } from "./quoteView.ts";
import { type SettlementView, settlementViewSchema } from "./settlementView.ts";

/** An application in lists: no personal data, so no decryption per row. */
export const applicationSummarySchema = z.object({
  id: z.string(),
  /** The short human reference (`ENT-7K3Q-9XPA`) travellers and officers read and search; `id` stays the API's id. */
  reference: z.string(),
  /** The opaque bytes32 id the escrow knows the application by. */
  onchainId: z.string(),
  productId: z.string(),
  authorityId: z.string(),
  organisationId: z.string().nullable(),
  state: applicationStateSchema,
  decisionDeadline: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The JSON of {@link applicationSummarySchema}. */
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

/** The applicant's passport data as returned to those who may read the application. */
export const applicantViewSchema = z.object({
  id: z.string(),
  givenNames: z.string(),
  surname: z.string(),
  dateOfBirth: z.string(),
  sex: z.enum(["F", "M", "X"]).optional(),
  nationality: z.string(),
  passportNumber: z.string(),
  passportExpiryDate: z.string(),
  passportIssuingCountry: z.string(),
  verificationStatus: z.string(),
});

/** An application with its applicant, answers, current quote, and what the reader may do next. */
export const applicationViewSchema = applicationSummarySchema.extend({
  applicant: applicantViewSchema,
  answers: z.partialRecord(z.enum(answerFields), z.string()),
  /** The latest open or paid quote, if any. */
  quote: quoteViewSchema.nullable(),
  /** State machine events the reader's role may cause now (the buttons to show). */
  actions: z.array(z.string()),
  /**
   * Its documents (`GET /identity/documents/:id`): the identity documents that came with the
   * applicant's credential, and the supporting documents uploaded to it.
   */
  documents: z.array(documentViewSchema),
  /** The documents the officer asked for with "needs info" and the applicant has not uploaded yet. */
  requestedDocuments: z.array(z.enum(requiredDocuments)),
  /**
   * The escrow settlement its decision or expiry owes (`release`, `refund`, `claim`) and where it
   * stands — queued, sent, succeeded, or blocked with the reason — or `null` when none is owed.
   */
  settlement: settlementViewSchema.nullable(),
});

/** The JSON of {@link applicationViewSchema}. */
export type ApplicationView = z.infer<typeof applicationViewSchema>;

/**
 * The list form of an application.
 *
 * @example
 * rows.map(toApplicationSummary)
 */
export function toApplicationSummary(row: ApplicationRow): ApplicationSummary {
  return {
    id: row.id,
    reference: row.reference,
    onchainId: row.onchainId,
    productId: row.productId,
    authorityId: row.authorityId,
    organisationId: row.organisationId,
    state: row.state,
    decisionDeadline: row.decisionDeadline?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The full form of an application, for a reader acting as `role`.
 *
 * @example
 * toApplicationView({ row, applicant, answers, quote, role: "traveller" })
 */
export function toApplicationView(parameters: {
  row: ApplicationRow;
  applicant: ApplicantInput & { id: string; verificationStatus: string };
  answers: Answers;
  quote: QuoteView | null;
  role: ActorRole | null;
  documents?: readonly DocumentView[] | undefined;
  requestedDocuments?: readonly RequiredDocument[] | undefined;
  settlement?: SettlementView | null | undefined;
}): ApplicationView {
  const { row, applicant, answers, quote, role } = parameters;
  const actions: ApplicationEvent[] = role === null ? [] : availableEvents(row.state, role);
  return {
    ...toApplicationSummary(row),
    applicant,
    answers,
    quote,
    actions,
    documents: [...(parameters.documents ?? [])],
    requestedDocuments: [...(parameters.requestedDocuments ?? [])],
    settlement: parameters.settlement ?? null,
  };
}
