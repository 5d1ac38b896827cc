import type { identityDocuments, identityVerifications, Json } from "@entrada/db";
import { z } from "zod";
import type { VerificationSecrets } from "../services/createVerificationService.ts";
import { type DocumentView, documentViewSchema, toDocumentView } from "./documentView.ts";

const statusSchema = z.enum(["passed", "flagged", "failed"]);

/** A reason of a KYC outcome: a stable code (`KycReasonCode` of @entrada/identity, or `review_failed`). */
const reasonSchema = z.object({
  code: z.string(),
  outcome: z.enum(["failed", "flagged"]),
  field: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** A verification as the traveller sees it. */
export const verificationViewSchema = z.object({
  id: z.string(),
  /** `passed` (a credential can be issued), `flagged` (waits for a reviewer), `failed`. */
  status: statusSchema,
  /**
   * Why it failed, with codes the web explains. Flags stay with the reviewers: a traveller is not
   * told that a name resembles a sanctions entry or that another account has the passport.
   */
  reasons: z.array(reasonSchema),
  checkedAt: z.string(),
  reviewedAt: z.string().nullable(),
  documents: z.array(documentViewSchema),
  createdAt: z.string(),
});

/** The JSON of {@link verificationViewSchema}. */
export type VerificationView = z.infer<typeof verificationViewSchema>;

/** A verification in the KYC reviewers' queue: everything needed to decide. */
export const kycReviewViewSchema = z.object({
  id: z.string(),
  userId: z.string(),
  status: statusSchema,
  /** What the pipeline decided. */
  outcome: statusSchema,
  reasons: z.array(reasonSchema),
  /** As typed by the traveller. */
  passport: z.record(z.string(), z.unknown()),
  mrz: z.array(z.string()),
  /** As the pipeline verified it; `null` when the MRZ did not validate. */
  identity: z.record(z.string(), z.unknown()).nullable(),
  provider: z
    .object({
      name: z.string(),
      reference: z.string().nullable(),
      result: z.record(z.string(), z.unknown()).nullable(),
    })
    .nullable(),
  documents: z.array(documentViewSchema),
  checkedAt: z.string(),
  createdAt: z.string(),
  review: z
    .object({
      decision: z.enum(["pass", "fail"]),
      reason: z.string().nullable(),
      reviewedBy: z.string().nullable(),
      reviewedAt: z.string(),
    })
    .nullable(),
});

/** The JSON of {@link kycReviewViewSchema}. */
export type KycReviewView = z.infer<typeof kycReviewViewSchema>;

type VerificationRow = typeof identityVerifications.$inferSelect;
type Reason = z.infer<typeof reasonSchema>;

/** Another account's check of the same passport, which made a check a `duplicate_identity`. */
export type OtherVerification = {
  id: string;
  userId: string;
  fingerprint: string;
  status: VerificationRow["status"];
  checkedAt: string;
};

/**
 * The reasons stored with a verification (`KycReason`s of @entrada/identity), as they are.
 *
 * @example
 * reasonsOf(row).map((reason) => reason.code) // ["sanctions_match"]
 */
export function reasonsOf(row: VerificationRow): Reason[] {
  return Array.isArray(row.reasons) ? (row.reasons as unknown as Reason[]) : [];
}

function documentsOf(documents: readonly (typeof identityDocuments.$inferSelect)[]): DocumentView[] {
  return documents.filter((document) => document.deletedAt === null).map(toDocumentView);
}

/**
 * The traveller's view of a verification.
 *
 * @example
 * toVerificationView(row, documents).status // "failed"
 */
export function toVerificationView(
  row: VerificationRow,
  documents: readonly (typeof identityDocuments.$inferSelect)[],
): VerificationView {
  const reasons = reasonsOf(row)
    .filter((reason) => reason.outcome === "failed")
    .map(({ code, outcome, field, details }) => ({
      code,
      outcome,
      ...(field === undefined ? {} : { field }),
      ...(details === undefined ? {} : { details }),
    }));
  if (row.reviewDecision === "fail") reasons.push({ code: "review_failed", outcome: "failed" });
  return {
    id: row.id,
    status: row.status,
    reasons,
    checkedAt: row.checkedAt.toISOString(),
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    documents: documentsOf(documents),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * A flag's details as a reviewer needs them: each sanctions match with the entry as listed (sealed
 * with the identity), a duplicate with the other account's check. Others as stored.
 */
function reviewReason(
  reason: Reason,
  row: VerificationRow,
  secrets: VerificationSecrets,
  others: readonly OtherVerification[],
): Reason {
  if (reason.code === "sanctions_match" && Array.isArray(reason.details?.matches)) {
    const matches = (reason.details.matches as { entryId?: unknown }[]).map((match) => {
      const listed = secrets.sanctions?.find((entry) => entry.entryId === match.entryId);
      return listed === undefined
        ? match
        : {
            ...match,
            listedName: listed.listedName,
            matchedName: listed.matchedName,
            matchedAs: listed.matchedAs,
            programs: listed.programs,
            birthYears: listed.birthYears,
            birthYearMatches: listed.birthYearMatches,
            score: listed.score,
          };
    });
    return { ...reason, details: { ...reason.details, matches } };
  }
  if (reason.code === "duplicate_identity" && typeof reason.details?.subjectId === "string") {
    const other = others.find(
      (entry) => entry.userId === reason.details!.subjectId && entry.fingerprint === row.fingerprint,
    );
    if (other === undefined) return reason;
    return {
      ...reason,
      details: {
        ...reason.details,
        otherVerification: { id: other.id, checkedAt: other.checkedAt, status: other.status },
      },
    };
  }
  return reason;
}

/**
 * A reviewer's view of a verification, with the identity decrypted, and the details of its flags:
 * sanctions entries as listed (names, the alias matched, programmes, birth years, score), and for a
 * duplicate the other account's check (`others`, found by the caller).
 *
 * @example
 * toKycReviewView(row, verifications.open(row), documents)
 */
export function toKycReviewView(
  row: VerificationRow,
  secrets: VerificationSecrets,
  documents: readonly (typeof identityDocuments.$inferSelect)[],
  others: readonly OtherVerification[] = [],
): KycReviewView {
  return {
    id: row.id,
    userId: row.userId,
    status: row.status,
    outcome: row.outcome,
    reasons: reasonsOf(row).map((reason) => reviewReason(reason, row, secrets, others)),
    passport: secrets.typed as unknown as Record<string, Json>,
    mrz: secrets.mrz,
    identity: secrets.identity as unknown as Record<string, Json> | null,
    provider:
      row.provider === null
        ? null
        : {
            name: row.provider,
            reference: row.providerReference,
            result: row.providerResult as Record<string, Json> | null,
          },
    documents: documentsOf(documents),
    checkedAt: row.checkedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    review:
      row.reviewDecision === null || row.reviewedAt === null
        ? null
        : {
            decision: row.reviewDecision,
            reason: row.reviewReason,
            reviewedBy: row.reviewedBy,
            reviewedAt: row.reviewedAt.toISOString(),
          },
  };
}
