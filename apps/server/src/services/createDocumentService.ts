import type { RequiredDocument } from "@entrada/core";
import {
  applicationDocuments,
  applications,
  type Database,
  documentAccessLog,
  type Executor,
  type IdentityDocumentKind,
  identityDocumentKinds,
  identityDocuments,
  identityVerifications,
} from "@entrada/db";
import {
  checkDocumentUpload,
  DocumentRejectedError,
  type DocumentStore,
  type DocumentUploadLimits,
} from "@entrada/identity";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import { UnauthenticatedError } from "../errors/auth.ts";
import { NotFoundError } from "../errors/http.ts";
import { authorityVisibleStates, authorize, can, type DocumentResource, refuseScope } from "../policy.ts";
import { type DocumentView, toDocumentView } from "../views/documentView.ts";

/** Whether a document kind is an identity document (uploaded once, for every application). */
function isIdentityKind(kind: string): boolean {
  return (identityDocumentKinds as readonly string[]).includes(kind);
}

/** A row of `identity_documents`. */
export type DocumentRow = typeof identityDocuments.$inferSelect;

/** Largest identity document accepted, in bytes (a phone photo of a data page fits easily). */
export const maxDocumentBytes = 10 * 1024 * 1024;

/** Parameters of {@link createDocumentService}. */
export type CreateDocumentServiceParameters = {
  db: Database;
  /** Seals and stores the bytes (a folder, or an IPFS node). */
  store: DocumentStore;
  clock: () => Date;
  /** Limits of `checkDocumentUpload`; default 10 MiB and its image dimensions. */
  limits?: DocumentUploadLimits | undefined;
};

/** An upload that passed the checks, sealed and stored by CID, not yet recorded as anyone's. */
export type StoredDocument = { cid: string; contentType: string; size: number };

/** The documents given with an identity check, opened for the KYC provider. */
export type DocumentsForCheck = {
  ids: string[];
  /** The data page, for the provider's document check. */
  documentImage?: Uint8Array | undefined;
  /** The traveller's photo, for the provider's face match. */
  selfie?: Uint8Array | undefined;
};

/** What {@link createDocumentService} returns. */
export type DocumentService = {
  /** Checks (format from the bytes, size, dimensions), seals and stores an upload of the caller's. */
  upload(
    principal: Principal | null,
    parameters: { kind: IdentityDocumentKind; contentType: string; bytes: Uint8Array },
  ): Promise<DocumentView>;
  /**
   * Checks an upload (format from the bytes, size, dimensions) as {@link DocumentService.upload} does,
   * then seals and stores it; {@link DocumentService.attachToApplication} records it.
   */
  put(parameters: { contentType: string; bytes: Uint8Array }): Promise<StoredDocument>;
  /** Records a stored supporting document of the application's owner, carried by the application. */
  attachToApplication(
    tx: Executor,
    parameters: { ownerId: string; applicationId: string; kind: RequiredDocument; stored: StoredDocument },
  ): Promise<DocumentView>;
  /**
   * Opens a document for someone the policy lets read it (its owner; an officer of the authority of
   * an application carrying it, or for identity documents of an authority the owner applied to; a
   * KYC reviewer while its check is flagged), and logs the access.
   */
  read(principal: Principal | null, id: string): Promise<{ document: DocumentView; bytes: Uint8Array }>;
  /** The caller's documents for an identity check, opened (and logged) for the provider. */
  forCheck(
    principal: Principal,
    refs: { passportBioPage?: string | undefined; photo?: string | undefined },
  ): Promise<DocumentsForCheck>;
  /** Carries documents into an application, so that its deciding officer sees them. */
  linkToApplication(tx: Executor, applicationId: string, documentIds: readonly string[]): Promise<void>;
  /** The documents of an application (read through `executor`, a transaction's, when given). */
  listForApplication(applicationId: string, executor?: Executor): Promise<DocumentView[]>;
  /** A user's documents, with who opened them. */
  listForUser(userId: string): Promise<(DocumentView & { accesses: unknown[] })[]>;
  /** Deletes a user's blobs (and with them the only copies of their data keys) and marks the rows deleted. */
  shredForUser(userId: string): Promise<number>;
};

/**
 * Identity documents (DESIGN.md, "Documents"): uploads are checked by their bytes, sealed with a
 * data key of their own wrapped by the master key, and stored by CID in the document store; the
 * database keeps who owns what. Every opening is written to `document_access_log` with who, when
 * and why.
 *
 * @example
 * const documents = createDocumentService({ db, store, clock });
 * const { id } = await documents.upload(user, { kind: "photo", contentType: "image/jpeg", bytes });
 */
export function createDocumentService(parameters: CreateDocumentServiceParameters): DocumentService {
  const { db, store, clock } = parameters;
  const limits = { maxBytes: maxDocumentBytes, ...parameters.limits };

  async function load(id: string): Promise<DocumentRow> {
    const [row] = await db
      .select()
      .from(identityDocuments)
      .where(and(eq(identityDocuments.id, id), isNull(identityDocuments.deletedAt)));
    if (row === undefined) throw new NotFoundError({ resource: "document", id });
    return row;
  }

  /** The policy's view of a document for `principal` (queries only what their roles can use). */
  async function resource(principal: Principal, row: DocumentRow): Promise<DocumentResource> {
    let reviewingAuthorityIds: string[] = [];
    if (principal.roles.includes("officer") && principal.authorityId !== undefined) {
      const visibleToAuthority = and(
        eq(applications.authorityId, principal.authorityId),
        inArray(applications.state, [...authorityVisibleStates]),
      );
      // A supporting document is for the application it was uploaded to; identity documents serve
      // every application of their owner.
      const visible = isIdentityKind(row.kind)
        ? await db
            .select({ id: applications.id })
            .from(applications)
            .where(and(eq(applications.userId, row.userId), visibleToAuthority))
            .limit(1)
        : await db
            .select({ id: applications.id })
            .from(applicationDocuments)
            .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
            .where(and(eq(applicationDocuments.documentId, row.id), visibleToAuthority))
            .limit(1);
      if (visible.length > 0) reviewingAuthorityIds = [principal.authorityId];
    }
    let underKycReview = false;
    if (principal.roles.includes("kyc_reviewer") && row.verificationId !== null) {
      const [verification] = await db
        .select({ status: identityVerifications.status })
        .from(identityVerifications)
        .where(eq(identityVerifications.id, row.verificationId));
      underKycReview = verification?.status === "flagged";
    }
    return { ownerId: row.userId, reviewingAuthorityIds, underKycReview };
  }

  /** The application that justifies an officer's access: one carrying the document, else the newest to their authority. */
  async function justifyingApplication(principal: Principal, row: DocumentRow): Promise<string | null> {
    const [carrying] = await db
      .select({ id: applications.id })
      .from(applicationDocuments)
      .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
      .where(and(eq(applicationDocuments.documentId, row.id), eq(applications.authorityId, principal.authorityId!)))
      .limit(1);
    if (carrying !== undefined) return carrying.id;
    const [newest] = await db
      .select({ id: applications.id })
      .from(applications)
      .where(
        and(
          eq(applications.userId, row.userId),
          eq(applications.authorityId, principal.authorityId!),
          inArray(applications.state, [...authorityVisibleStates]),
        ),
      )
      .orderBy(desc(applications.createdAt))
      .limit(1);
    return newest?.id ?? null;
  }

  async function put({ contentType, bytes }: { contentType: string; bytes: Uint8Array }): Promise<StoredDocument> {
    const check = checkDocumentUpload({ bytes, declaredType: contentType, limits });
    if (!check.ok) throw new DocumentRejectedError({ problems: check.problems.map((problem) => problem.code) });
    const { cid } = await store.put(bytes);
    return { cid, contentType: check.mediaType, size: check.size };
  }

  return {
    async upload(principal, { kind, contentType, bytes }) {
      authorize(principal, "identity.own");
      const stored = await put({ contentType, bytes });
      const [row] = await db
        .insert(identityDocuments)
        .values({ userId: principal.id, kind, ...stored })
        .returning();
      return toDocumentView(row!);
    },

    put,

    async attachToApplication(tx, { ownerId, applicationId, kind, stored }) {
      const [row] = await tx
        .insert(identityDocuments)
        .values({ userId: ownerId, kind, ...stored })
        .returning();
      await tx.insert(applicationDocuments).values({ applicationId, documentId: row!.id });
      return toDocumentView(row!);
    },

    async read(principal, id) {
      if (principal === null) throw new UnauthenticatedError();
      const row = await load(id);
      const policy = await resource(principal, row);
      // Others' documents answer 404: their existence is not revealed.
      if (!can(principal, "document.read", policy)) {
        // A key of the deciding authority is told the scope it lacks; to anyone else it does not exist.
        refuseScope(principal, "document.read", policy);
        throw new NotFoundError({ resource: "document", id });
      }
      const owner = principal.via === "session" && principal.id === row.userId;
      const officer = !owner && policy.reviewingAuthorityIds.length > 0;
      const purpose = owner ? "owner" : officer ? "application_review" : "kyc_review";
      const bytes = await store.get(row.cid);
      await db.insert(documentAccessLog).values({
        documentId: row.id,
        actorId: principal.via === "api_key" ? (principal.apiKeyId ?? principal.id) : principal.id,
        actorRole: principal.via === "api_key" ? "api_key" : owner ? "traveller" : officer ? "officer" : "kyc_reviewer",
        purpose,
        applicationId: officer ? await justifyingApplication(principal, row) : null,
        at: clock(),
      });
      return { document: toDocumentView(row), bytes };
    },

    async forCheck(principal, refs) {
      const wanted = [
        ["passport_bio_page", refs.passportBioPage],
        ["photo", refs.photo],
      ] as const;
      const result: DocumentsForCheck = { ids: [] };
      for (const [kind, id] of wanted) {
        if (id === undefined) continue;
        const row = await load(id).catch(() => undefined);
        // Someone else's document, or one of another kind, is as good as absent.
        if (row === undefined || row.userId !== principal.id || row.kind !== kind) {
          throw new NotFoundError({ resource: "document", id });
        }
        const bytes = await store.get(row.cid);
        await db.insert(documentAccessLog).values({
          documentId: row.id,
          actorId: principal.id,
          actorRole: "traveller",
          purpose: "kyc_check",
          at: clock(),
        });
        result.ids.push(row.id);
        if (kind === "passport_bio_page") result.documentImage = bytes;
        else result.selfie = bytes;
      }
      return result;
    },

    async linkToApplication(tx, applicationId, documentIds) {
      if (documentIds.length === 0) return;
      await tx
        .insert(applicationDocuments)
        .values(documentIds.map((documentId) => ({ applicationId, documentId })))
        .onConflictDoNothing();
    },

    async listForApplication(applicationId, executor = db) {
      const rows = await executor
        .select({ document: identityDocuments })
        .from(applicationDocuments)
        .innerJoin(identityDocuments, eq(identityDocuments.id, applicationDocuments.documentId))
        .where(and(eq(applicationDocuments.applicationId, applicationId), isNull(identityDocuments.deletedAt)))
        .orderBy(identityDocuments.createdAt);
      return rows.map((row) => toDocumentView(row.document));
    },

    async listForUser(userId) {
      const rows = await db
        .select()
        .from(identityDocuments)
        .where(eq(identityDocuments.userId, userId))
        .orderBy(identityDocuments.createdAt);
      const accesses =
        rows.length === 0
          ? []
          : await db
              .select()
              .from(documentAccessLog)
              .where(
                inArray(
                  documentAccessLog.documentId,
                  rows.map((row) => row.id),
                ),
              )
              .orderBy(documentAccessLog.id);
      return rows.map((row) => ({
        ...toDocumentView(row),
        deletedAt: row.deletedAt?.toISOString() ?? null,
        accesses: accesses
          .filter((access) => access.documentId === row.id)
          .map((access) => ({
            at: access.at.toISOString(),
            actorRole: access.actorRole,
            purpose: access.purpose,
            applicationId: access.applicationId,
          })),
      }));
    },

    async shredForUser(userId) {
      const rows = await db
        .select()
        .from(identityDocuments)
        .where(and(eq(identityDocuments.userId, userId), isNull(identityDocuments.deletedAt)));
      for (const row of rows) {
        // The sealed blob holds the only copy of the document's data key: deleting it shreds the document.
        await store.delete(row.cid);
        await db.update(identityDocuments).set({ deletedAt: clock() }).where(eq(identityDocuments.id, row.id));
      }
      return rows.length;
    },
  };
}
