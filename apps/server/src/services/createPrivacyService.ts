import { randomBytes } from "node:crypto";
import {
  applicants,
  applicationEvents,
  applications,
  credentialDisclosures,
  type Database,
  emailVerifications,
  idempotencyKeys,
  identityCredentials,
  identityVerifications,
  type Json,
  notifications,
  payments,
  presentationRequests,
  quotes,
  sessions,
  userRoles,
  users,
} from "@entrada/db";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import { NotFoundError } from "../errors/http.ts";
import { authorityVisibleStates, authorize } from "../policy.ts";
import type { ApplicantInput } from "../schemas/applicationSchemas.ts";
import type { AuthService } from "./createAuthService.ts";
import type { CredentialService } from "./createCredentialService.ts";
import type { DocumentService } from "./createDocumentService.ts";
import type { VerificationService } from "./createVerificationService.ts";
import { eraseEvisas } from "./eraseEvisas.ts";
import { applicantContext, openAnswers, openApplicant } from "./openApplicant.ts";

/** Parameters of {@link createPrivacyService}. */
export type CreatePrivacyServiceParameters = {
  db: Database;
  cipher: RecordCipher;
  verifications: VerificationService;
  credentials: CredentialService;
  documents: DocumentService;
  /** Forgets the erased user's cached sessions (the rows are deleted in the erasure's transaction). */
  auth: Pick<AuthService, "forgetSessions">;
  clock: () => Date;
};

/** What `DELETE /me` did. */
export type ErasureReport = {
  erasedAt: string;
  /** Paid applications kept for the records the law requires, with the applicant's data replaced. */
  applicationsKept: number;
  /** Drafts and unpaid applications, deleted. */
  applicationsDeleted: number;
  /** Documents whose blobs (and with them their data keys) were deleted. */
  documentsShredded: number;
  credentialsRevoked: number;
  /** E-visas of the kept applications whose SD-JWT VC and seal were erased, each revoked in its status list. */
  evisasErased: number;
};

/** What {@link createPrivacyService} returns. */
export type PrivacyService = {
  /** Everything Entrada holds about the caller, decrypted, as one JSON document. */
  export(principal: Principal | null): Promise<Record<string, Json>>;
  /** Erases the caller's account: deletes what may go, anonymises what the law keeps, ends every session. */
  erase(principal: Principal | null): Promise<ErasureReport>;
};

/** The passport data of an erased applicant: the records of a paid application keep no name. */
const erasedApplicant = (nationality: string): ApplicantInput => ({
  givenNames: "[erased]",
  surname: "[erased]",
  dateOfBirth: "",
  nationality,
  passportNumber: "",
  passportExpiryDate: "",
  passportIssuingCountry: "",
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The data subject's rights (DESIGN.md: personal data only encrypted, nothing personal on chain):
 * the export of everything held about a person, and the erasure of their account. Applications an
 * organisation admin filed for the organisation are the organisation's records and are left alone.
 * Erasure keeps
 * what the law requires of paid applications (amounts, transaction hashes, dates and the state
 * history) with the applicant's name and passport data replaced, deletes drafts and unpaid
 * applications, the identity checks, disclosures and notifications, shreds the documents (their
 * blobs hold the only copies of their data keys), revokes the credential, erases and revokes the
 * e-visas (`eraseEvisas`), and ends every session.
 *
 * @example
 * const privacy = createPrivacyService({ db, cipher, verifications, credentials, documents, clock });
 * const report = await privacy.erase(user);
 */
export function createPrivacyService(parameters: CreatePrivacyServiceParameters): PrivacyService {
  const { db, cipher, verifications, credentials, documents, auth, clock } = parameters;

  return {
    async export(principal) {
      authorize(principal, "identity.own");
      const userId = principal.id;
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (user === undefined) throw new NotFoundError({ resource: "user", id: userId });
      const roles = await db.select().from(userRoles).where(eq(userRoles.userId, userId));
      const checks = await db
        .select()
        .from(identityVerifications)
        .where(eq(identityVerifications.userId, userId))
        .orderBy(asc(identityVerifications.createdAt));
      const issued = await db
        .select()
        .from(identityCredentials)
        .where(eq(identityCredentials.userId, userId))
        .orderBy(asc(identityCredentials.issuedAt));
      const disclosures = await db
        .select()
        .from(credentialDisclosures)
        .where(eq(credentialDisclosures.userId, userId))
        .orderBy(asc(credentialDisclosures.createdAt));
      // Personal applications: those filed for an organisation are its records, not the admin's.
      const own = await db
        .select()
        .from(applications)
        .where(and(eq(applications.userId, userId), isNull(applications.organisationId)))
        .orderBy(asc(applications.createdAt));
      const ids = own.map((row) => row.id);
      const applicantRows =
        own.length === 0
          ? []
          : await db
              .select()
              .from(applicants)
              .where(inArray(applicants.id, [...new Set(own.map((row) => row.applicantId))]));
      const events =
        ids.length === 0
          ? []
          : await db
              .select()
              .from(applicationEvents)
              .where(inArray(applicationEvents.applicationId, ids))
              .orderBy(asc(applicationEvents.id));
      const quoteRows =
        ids.length === 0
          ? []
          : await db.select().from(quotes).where(inArray(quotes.applicationId, ids)).orderBy(asc(quotes.createdAt));
      const paymentRows =
        ids.length === 0
          ? []
          : await db
              .select()
              .from(payments)
              .where(inArray(payments.applicationId, ids))
              .orderBy(asc(payments.createdAt));
      const messages = await db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, userId))
        .orderBy(asc(notifications.createdAt));
      const openSessions = await db.select().from(sessions).where(eq(sessions.userId, userId));

      const body = {
        exportedAt: clock().toISOString(),
        profile: {
          id: user.id,
          walletAddress: user.walletAddress,
          email: user.email,
          locale: user.locale,
          roles: ["traveller", ...roles.map((role) => role.role)],
          createdAt: user.createdAt.toISOString(),
        },
        identity: {
          verifications: checks.map((row) => {
            const secrets = verifications.open(row);
            return {
              id: row.id,
              status: row.status,
              outcome: row.outcome,
              reasons: row.reasons,
              passport: secrets.typed,
              mrz: secrets.mrz,
              identity: secrets.identity,
              provider:
                row.provider === null
                  ? null
                  : { name: row.provider, reference: row.providerReference, result: row.providerResult },
              checkedAt: row.checkedAt.toISOString(),
              review:
                row.reviewDecision === null
                  ? null
                  : { decision: row.reviewDecision, reason: row.reviewReason, reviewedAt: iso(row.reviewedAt) },
            };
          }),
          credentials: issued.map((row) => ({
            id: row.id,
            issuedAt: row.issuedAt.toISOString(),
            expiresAt: row.expiresAt.toISOString(),
            revokedAt: iso(row.revokedAt),
            revocationReason: row.revocationReason,
            statusList: { uri: credentials.statusListUri(row.statusListId), index: row.statusIndex },
            holderJwk: row.holderJwk,
          })),
          disclosures: disclosures.map((row) => ({
            id: row.id,
            authorityId: row.authorityId,
            productId: row.productId,
            claims: row.claims,
            presentedAt: row.presentedAt.toISOString(),
            applicationId: row.applicationId,
          })),
          documents: await documents.listForUser(userId),
        },
        applications: own.map((row) => {
          const applicant = applicantRows.find((item) => item.id === row.applicantId);
          return {
            id: row.id,
            onchainId: row.onchainId,
            productId: row.productId,
            authorityId: row.authorityId,
            state: row.state,
            createdAt: row.createdAt.toISOString(),
            decisionDeadline: iso(row.decisionDeadline),
            applicant:
              applicant === undefined
                ? null
                : { ...openApplicant(cipher, applicant), verificationStatus: applicant.verificationStatus },
            answers: openAnswers(cipher, row),
            history: events
              .filter((event) => event.applicationId === row.id)
              .map((event) => ({
                from: event.fromState,
                to: event.toState,
                event: event.event,
                actorRole: event.actorRole,
                reason: event.reason,
                txHash: event.txHash,
                at: event.at.toISOString(),
              })),
            quotes: quoteRows
              .filter((quote) => quote.applicationId === row.id)
              .map((quote) => ({
                id: quote.id,
                status: quote.status,
                payer: quote.payer,
                token: quote.token,
                visaFee: { amount: quote.visaFeeMinor.toString(), currency: quote.visaFeeCurrency },
                tokenAmount: quote.tokenAmount.toString(),
                platformFee: quote.platformFee.toString(),
                total: quote.total.toString(),
                expiresAt: quote.expiresAt.toISOString(),
                createdAt: quote.createdAt.toISOString(),
              })),
            payments: paymentRows
              .filter((payment) => payment.applicationId === row.id)
              .map((payment) => ({
                chainId: payment.chainId,
                txHash: payment.txHash,
                payer: payment.payer,
                token: payment.token,
                amount: payment.amount.toString(),
                status: payment.status,
                confirmedAt: iso(payment.confirmedAt),
              })),
          };
        }),
        notifications: messages.map((message) => ({
          channel: message.channel,
          to: message.to,
          subject: message.subject,
          body: message.body,
          status: message.status,
          createdAt: message.createdAt.toISOString(),
          sentAt: iso(message.sentAt),
        })),
        sessions: openSessions.map((session) => ({
          createdAt: session.createdAt.toISOString(),
          expiresAt: session.expiresAt.toISOString(),
          revokedAt: iso(session.revokedAt),
        })),
      };
      return JSON.parse(JSON.stringify(body)) as Record<string, Json>;
    },

    async erase(principal) {
      authorize(principal, "identity.own");
      const userId = principal.id;
      const now = clock();
      // Blobs first, outside the transaction: a blob store is not transactional, and a document
      // whose blob is gone is unreadable whatever happens next.
      const documentsShredded = await documents.shredForUser(userId);
      const report = await db.transaction(async (tx) => {
        const revoked = await credentials.revokeWhere(
          tx,
          eq(identityCredentials.userId, userId),
          "account_deleted",
          userId,
        );
        // The credential rows stay, without their holder: their status list entries are never given again.
        await tx
          .update(identityCredentials)
          .set({ userId: null, holderJwk: null, verificationId: null })
          .where(eq(identityCredentials.userId, userId));
        await tx.delete(credentialDisclosures).where(eq(credentialDisclosures.userId, userId));
        await tx.delete(presentationRequests).where(eq(presentationRequests.userId, userId));
        await tx.delete(identityVerifications).where(eq(identityVerifications.userId, userId));

        // Applications filed for an organisation are its records, and stay as they are.
        const own = await tx
          .select()
          .from(applications)
          .where(and(eq(applications.userId, userId), isNull(applications.organisationId)))
          .for("update");
        const withPayments =
          own.length === 0
            ? []
            : await tx
                .selectDistinct({ applicationId: payments.applicationId })
                .from(payments)
                .where(
                  inArray(
                    payments.applicationId,
                    own.map((row) => row.id),
                  ),
                );
        const paid = own.filter(
          (row) =>
            authorityVisibleStates.includes(row.state) ||
            withPayments.some((payment) => payment.applicationId === row.id),
        );
        const unpaid = own.filter((row) => !paid.includes(row));
        if (unpaid.length > 0) {
          const ids = unpaid.map((row) => row.id);
          await tx.delete(quotes).where(inArray(quotes.applicationId, ids));
          await tx.delete(applicationEvents).where(inArray(applicationEvents.applicationId, ids));
          await tx.delete(applications).where(inArray(applications.id, ids));
        }
        // Their e-visas hold the name and passport number: emptied, and revoked for good.
        const evisasErased = await eraseEvisas(tx, { cipher, applicationIds: paid.map((row) => row.id), at: now });
        if (paid.length > 0) {
          // Amounts, hashes, dates and the state history stay; the answers go.
          await tx
            .update(applications)
            .set({ answersCiphertext: null, answersNonce: null, answersWrappedKey: null, answersMasterKeyId: null })
            .where(
              inArray(
                applications.id,
                paid.map((row) => row.id),
              ),
            );
        }
        const keptApplicantIds = [...new Set(paid.map((row) => row.applicantId))];
        const mine = await tx
          .select()
          .from(applicants)
          .where(and(eq(applicants.userId, userId), isNull(applicants.organisationId)));
        for (const applicant of mine.filter((row) => keptApplicantIds.includes(row.id))) {
          const sealed = cipher.seal(erasedApplicant(applicant.nationality) as Json, applicantContext(applicant.id));
          await tx
            .update(applicants)
            .set({
              piiCiphertext: sealed.ciphertext,
              piiNonce: sealed.nonce,
              wrappedDataKey: sealed.wrappedDataKey,
              masterKeyId: sealed.masterKeyId,
              // A random index links the record to no passport any more.
              passportIndex: new Uint8Array(randomBytes(32)),
              nameIndex: [],
            })
            .where(eq(applicants.id, applicant.id));
        }
        // The user's other applicants go, unless an application of someone else (an organisation's
        // record) still names them.
        const unused = mine.filter((row) => !keptApplicantIds.includes(row.id)).map((row) => row.id);
        if (unused.length > 0) {
          const stillUsed = await tx
            .selectDistinct({ applicantId: applications.applicantId })
            .from(applications)
            .where(inArray(applications.applicantId, unused));
          const deletable = unused.filter((id) => !stillUsed.some((row) => row.applicantId === id));
          if (deletable.length > 0) await tx.delete(applicants).where(inArray(applicants.id, deletable));
        }

        await tx.delete(notifications).where(eq(notifications.userId, userId));
        await tx.delete(emailVerifications).where(eq(emailVerifications.userId, userId));
        await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.scope, `user:${userId}`));
        await tx.delete(sessions).where(eq(sessions.userId, userId));
        await tx.delete(userRoles).where(eq(userRoles.userId, userId));
        await tx
          .update(users)
          .set({ email: `${userId}@erased.invalid`, walletAddress: null, locale: "en", deletedAt: now })
          .where(eq(users.id, userId));
        return {
          erasedAt: now.toISOString(),
          applicationsKept: paid.length,
          applicationsDeleted: unpaid.length,
          documentsShredded,
          credentialsRevoked: revoked.length,
          evisasErased,
        };
      });
      // Other server processes forget them within their session cache's few seconds.
      auth.forgetSessions(userId);
      return report;
    },
  };
}
