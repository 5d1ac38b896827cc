import { randomUUID } from "node:crypto";
import { type Database, identityDocuments, identityVerifications, type Json } from "@entrada/db";
import {
  createKycPipeline,
  type KycProvider,
  type SanctionsMatch,
  type SanctionsScreener,
  type TypedIdentity,
  type VerifiedIdentity,
} from "@entrada/identity";
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import { ForbiddenError } from "../errors/auth.ts";
import { NotFoundError } from "../errors/http.ts";
import { VerificationNotFlaggedError } from "../errors/identity.ts";
import { decodeCursor, toPage, uuidPattern } from "../http/cursor.ts";
import { authorize } from "../policy.ts";
import {
  type KycReviewView,
  type OtherVerification,
  reasonsOf,
  toKycReviewView,
  toVerificationView,
  type VerificationView,
} from "../views/verificationView.ts";
import type { Page } from "./createApplicationService.ts";
import type { DocumentService } from "./createDocumentService.ts";
import { outboxTopics, publishOutbox } from "./publishOutbox.ts";

/** A row of `identity_verifications`. */
export type VerificationRow = typeof identityVerifications.$inferSelect;

/** What a verification keeps sealed: the typed fields, the MRZ, and the identity the pipeline verified. */
export type VerificationSecrets = {
  typed: TypedIdentity;
  mrz: string[];
  /** `null` when the MRZ did not validate. */
  identity: VerifiedIdentity | null;
  /**
   * The sanctions entries the names matched, as listed (names, alias, programmes, birth years,
   * score): for reviewers only, and sealed, since they say whom the traveller resembles. Absent in
   * checks stored before it was kept.
   */
  sanctions?: readonly SanctionsMatch[] | undefined;
};

/** Parameters of {@link createVerificationService}. */
export type CreateVerificationServiceParameters = {
  db: Database;
  cipher: RecordCipher;
  sanctions: SanctionsScreener;
  provider: KycProvider;
  /** The secret of identity fingerprints (duplicate detection). */
  fingerprintKey: Uint8Array;
  documents: DocumentService;
  clock: () => Date;
};

/** A traveller's submission: the MRZ, what they typed from the data page, and uploaded documents. */
export type VerificationInput = {
  mrz: string[];
  passport: TypedIdentity;
  documents?: { passportBioPage?: string | undefined; photo?: string | undefined } | undefined;
};

/** What {@link createVerificationService} returns. */
export type VerificationService = {
  /** Runs the KYC pipeline on the caller's passport and stores the outcome. */
  submit(principal: Principal | null, input: VerificationInput): Promise<VerificationView>;
  /** The caller's newest verification, or `null`. */
  current(principal: Principal | null): Promise<VerificationView | null>;
  /** Flagged verifications, oldest first: the KYC reviewers' queue. */
  reviews(
    principal: Principal | null,
    query: { cursor?: string | undefined; limit: number },
  ): Promise<Page<KycReviewView>>;
  /**
   * A KYC reviewer's decision on a flagged verification; in the same transaction, the
   * `identity.review_decided` outbox event that tells the traveller.
   */
  decide(
    principal: Principal | null,
    id: string,
    decision: { decision: "pass" | "fail"; reason: string },
  ): Promise<KycReviewView>;
  /** Decrypts a verification's sealed identity. */
  open(row: VerificationRow): VerificationSecrets;
};

/**
 * Identity verification (DESIGN.md, "The core loop" step 1): the KYC pipeline of
 * `@entrada/identity` (MRZ check digits, typed fields against the MRZ, expiry, age, sanctions
 * screening, duplicate identities by fingerprint, then the outside liveness and face-match
 * provider), its outcome stored with the identity sealed, and the manual review of flagged cases.
 *
 * @example
 * const verifications = createVerificationService({ db, cipher, sanctions, provider, fingerprintKey, documents, clock });
 * const { status } = await verifications.submit(user, { mrz, passport });
 */
export function createVerificationService(parameters: CreateVerificationServiceParameters): VerificationService {
  const { db, cipher, documents, clock } = parameters;
  const context = (id: string) => `identity-verification:${id}`;

  function open(row: VerificationRow): VerificationSecrets {
    return cipher.open(
      {
        ciphertext: row.identityCiphertext,
        nonce: row.identityNonce,
        wrappedDataKey: row.identityWrappedKey,
        masterKeyId: row.identityMasterKeyId,
      },
      context(row.id),
    ) as unknown as VerificationSecrets;
  }

  async function documentsOf(ids: readonly string[]) {
    if (ids.length === 0) return [];
    return db
      .select()
      .from(identityDocuments)
      .where(inArray(identityDocuments.verificationId, [...ids]))
      .orderBy(identityDocuments.createdAt);
  }

  async function reviewView(row: VerificationRow): Promise<KycReviewView> {
    return toKycReviewView(row, open(row), await documentsOf([row.id]));
  }

  /**
   * The other accounts' checks of the same passport that flagged `rows` as duplicates: the one
   * that passed (else the newest), for the reviewer to see which, when, and how it ended.
   */
  async function duplicatesOf(rows: readonly VerificationRow[]): Promise<OtherVerification[]> {
    const flagged = rows.flatMap((row) =>
      row.fingerprint === null
        ? []
        : reasonsOf(row)
            .filter((reason) => reason.code === "duplicate_identity" && typeof reason.details?.subjectId === "string")
            .map((reason) => ({ fingerprint: row.fingerprint!, userId: reason.details!.subjectId as string })),
    );
    if (flagged.length === 0) return [];
    const candidates = await db
      .select({
        id: identityVerifications.id,
        userId: identityVerifications.userId,
        fingerprint: identityVerifications.fingerprint,
        status: identityVerifications.status,
        checkedAt: identityVerifications.checkedAt,
      })
      .from(identityVerifications)
      .where(
        and(
          inArray(identityVerifications.fingerprint, [...new Set(flagged.map((entry) => entry.fingerprint))]),
          inArray(identityVerifications.userId, [...new Set(flagged.map((entry) => entry.userId))]),
        ),
      )
      .orderBy(sql`${identityVerifications.status} = 'passed' desc`, desc(identityVerifications.createdAt));
    return flagged.flatMap(({ fingerprint, userId }) => {
      const other = candidates.find((row) => row.fingerprint === fingerprint && row.userId === userId);
      return other === undefined
        ? []
        : [{ id: other.id, userId, fingerprint, status: other.status, checkedAt: other.checkedAt.toISOString() }];
    });
  }

  return {
    open,

    async submit(principal, input) {
      authorize(principal, "identity.own");
      const id = randomUUID();
      const given = await documents.forCheck(principal, input.documents ?? {});
      // Per submission, so that duplicates are looked for among other people's verified identities.
      const pipeline = createKycPipeline({
        sanctions: parameters.sanctions,
        provider: parameters.provider,
        clock,
        fingerprintKey: parameters.fingerprintKey,
        duplicates: async (fingerprint) => {
          const [other] = await db
            .select({ userId: identityVerifications.userId })
            .from(identityVerifications)
            .where(
              and(
                eq(identityVerifications.fingerprint, fingerprint),
                eq(identityVerifications.status, "passed"),
                ne(identityVerifications.userId, principal.id),
              ),
            )
            .limit(1);
          return other === undefined ? undefined : { subjectId: other.userId };
        },
      });
      const result = await pipeline.check({
        subjectId: principal.id,
        checkId: id,
        mrz: input.mrz,
        typed: input.passport,
        documentImage: given.documentImage,
        selfie: given.selfie,
      });
      const secrets: VerificationSecrets = {
        typed: input.passport,
        mrz: input.mrz,
        identity: result.identity,
        sanctions: result.sanctions,
      };
      const sealed = cipher.seal(JSON.parse(JSON.stringify(secrets)) as Json, context(id));
      const row = await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(identityVerifications)
          .values({
            id,
            userId: principal.id,
            status: result.outcome,
            outcome: result.outcome,
            reasons: JSON.parse(JSON.stringify(result.reasons)) as Json,
            fingerprint: result.fingerprint,
            identityCiphertext: sealed.ciphertext,
            identityNonce: sealed.nonce,
            identityWrappedKey: sealed.wrappedDataKey,
            identityMasterKeyId: sealed.masterKeyId,
            provider: result.provider?.provider ?? null,
            providerReference: result.provider?.providerReference ?? null,
            providerResult:
              result.provider === null
                ? null
                : {
                    liveness: result.provider.liveness,
                    faceMatch: result.provider.faceMatch,
                    score: result.provider.score,
                  },
            checkedAt: new Date(result.checkedAt),
          })
          .returning();
        if (given.ids.length > 0) {
          await tx
            .update(identityDocuments)
            .set({ verificationId: id })
            .where(inArray(identityDocuments.id, given.ids));
        }
        return created!;
      });
      return toVerificationView(row, await documentsOf([row.id]));
    },

    async current(principal) {
      authorize(principal, "identity.own");
      const [row] = await db
        .select()
        .from(identityVerifications)
        .where(eq(identityVerifications.userId, principal.id))
        .orderBy(desc(identityVerifications.createdAt))
        .limit(1);
      return row === undefined ? null : toVerificationView(row, await documentsOf([row.id]));
    },

    async reviews(principal, query) {
      authorize(principal, "identity.review");
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, uuidPattern);
      const rows = await db
        .select({
          verification: identityVerifications,
          cursorAt: sql<string>`to_char(${identityVerifications.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        })
        .from(identityVerifications)
        .where(
          and(
            eq(identityVerifications.status, "flagged"),
            cursor === undefined
              ? undefined
              : sql`(${identityVerifications.createdAt}, ${identityVerifications.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`,
          ),
        )
        .orderBy(asc(identityVerifications.createdAt), asc(identityVerifications.id))
        .limit(query.limit + 1);
      const page = toPage(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.verification.id }));
      const docs = await documentsOf(page.items.map((row) => row.verification.id));
      const duplicates = await duplicatesOf(page.items.map((row) => row.verification));
      return {
        items: page.items.map((row) =>
          toKycReviewView(
            row.verification,
            open(row.verification),
            docs.filter((doc) => doc.verificationId === row.verification.id),
            duplicates,
          ),
        ),
        nextCursor: page.nextCursor,
      };
    },

    async decide(principal, id, { decision, reason }) {
      authorize(principal, "identity.review");
      const row = await db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(identityVerifications)
          .where(eq(identityVerifications.id, id))
          .for("update");
        if (current === undefined) throw new NotFoundError({ resource: "verification", id });
        // Nobody decides on their own identity.
        if (current.userId === principal.id) throw new ForbiddenError({ action: "identity.review" });
        if (current.status !== "flagged") {
          throw new VerificationNotFlaggedError({ verificationId: id, status: current.status });
        }
        const [updated] = await tx
          .update(identityVerifications)
          .set({
            status: decision === "pass" ? "passed" : "failed",
            reviewDecision: decision,
            reviewReason: reason,
            reviewedBy: principal.id,
            reviewedAt: clock(),
          })
          .where(eq(identityVerifications.id, id))
          .returning();
        // The traveller hears of it at once (live stream, e-mail). Ids and the decision only: the
        // reviewer's reason and the identity stay with the reviewers.
        await publishOutbox(tx, {
          topic: outboxTopics.reviewDecided,
          aggregateId: id,
          payload: {
            verificationId: id,
            userId: current.userId,
            decision,
            at: updated!.reviewedAt!.toISOString(),
          },
        });
        return updated!;
      });
      return reviewView(row);
    },
  };
}
