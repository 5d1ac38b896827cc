import { randomBytes, randomUUID } from "node:crypto";
import {
  type ApplicationState,
  applicationReference,
  applicationReferenceBytes,
  type Catalogue,
  checkEligibility,
  IllegalTransitionError,
  type RequiredDocument,
} from "@entrada/core";
import {
  applicants,
  applicationEvents,
  applications,
  type Database,
  type Executor,
  identityDocumentKinds,
  isUniqueViolation,
  type Json,
  quotes,
} from "@entrada/db";
import { and, asc, desc, eq, gt, inArray, or, type SQL, sql } from "drizzle-orm";
import { type Hex, keccak256, stringToHex } from "viem";
import type { Principal } from "../auth/Principal.ts";
import type { RecordCipher, SealedRecord } from "../crypto/createRecordCipher.ts";
import {
  AnswersIncompleteError,
  ApplicationDocumentsMissingError,
  ApplicationLockedError,
  DocumentNotAskedError,
  NotEligibleError,
} from "../errors/application.ts";
import { UnauthenticatedError } from "../errors/auth.ts";
import { NotFoundError } from "../errors/http.ts";
import { decodeCursor, toPage, uuidPattern } from "../http/cursor.ts";
import { latestSettlement } from "../jobs/latestSettlement.ts";
import { authorize } from "../policy.ts";
import { type AnswerField, type Answers, type ApplicantInput, identityFields } from "../schemas/applicationSchemas.ts";
import { type ApplicationEventView, toApplicationEventView } from "../views/applicationEventView.ts";
import {
  type ApplicationSummary,
  type ApplicationView,
  toApplicationSummary,
  toApplicationView,
} from "../views/applicationView.ts";
import { toQuoteView } from "../views/quoteView.ts";
import { toSettlementView } from "../views/settlementView.ts";
import { applicantActor, readerRole } from "./actors.ts";
import { applicantNameIndex } from "./applicantNameIndex.ts";
import { loadApplication, lockApplicationFor } from "./applicationAccess.ts";
import type { DocumentService } from "./createDocumentService.ts";
import type { PresentationService } from "./createPresentationService.ts";
import { answersContext, applicantContext, openApplicant, openAnswers as openStoredAnswers } from "./openApplicant.ts";
import { outboxTopics, publishOutbox } from "./publishOutbox.ts";
import { type ApplicationRow, recordTransition } from "./recordTransition.ts";

/** Parameters of {@link createApplicationService}. */
export type CreateApplicationServiceParameters = {
  db: Database;
  catalogue: Catalogue;
  cipher: RecordCipher;
  clock: () => Date;
  /** Fills an application from a verified credential presentation (`presentationId`). */
  presentations?: PresentationService | undefined;
  /** Carries the identity documents of a presentation into the application, and stores its supporting documents. */
  documents?: DocumentService | undefined;
};

/** A page of a list. */
export type Page<Item> = { items: Item[]; nextCursor: string | null };

/** Input of {@link ApplicationService.create}. */
export type CreateApplicationInput = {
  productId: string;
  organisationId?: string | undefined;
  applicantId?: string | undefined;
  applicant?: ApplicantInput | undefined;
  /** A verified presentation of the identity credential (`POST /identity/presentations`): the applicant is verified. */
  presentationId?: string | undefined;
  answers?: Answers | undefined;
};

/** What {@link createApplicationService} returns. */
export type ApplicationService = {
  /** Files a draft for a product, with a new or an earlier applicant. */
  create(principal: Principal | null, input: CreateApplicationInput): Promise<ApplicationView>;
  get(principal: Principal | null, id: string): Promise<ApplicationView>;
  /** The caller's applications (and their organisation's), newest first. */
  list(
    principal: Principal | null,
    query: { state?: ApplicationState | undefined; cursor?: string | undefined; limit: number },
  ): Promise<Page<ApplicationSummary>>;
  /** Edits answers of a draft, or of an application that needs information; `null` removes one. */
  update(
    principal: Principal | null,
    id: string,
    patch: { answers: Partial<Record<AnswerField, string | null>> },
  ): Promise<ApplicationView>;
  /**
   * Uploads a supporting document to a draft, or to an application that needs information: a kind
   * its product requires, or that the officer asked for (which it then no longer waits for).
   */
  addDocument(
    principal: Principal | null,
    id: string,
    upload: { kind: RequiredDocument; contentType: string; bytes: Uint8Array },
  ): Promise<ApplicationView>;
  /** Submits a complete draft, or hands an application that needed information back to the officer. */
  submit(principal: Principal | null, id: string): Promise<ApplicationView>;
  cancel(principal: Principal | null, id: string, reason?: string | undefined): Promise<ApplicationView>;
  /** The audit trail, oldest first. */
  history(
    principal: Principal | null,
    id: string,
    query: { cursor?: string | undefined; limit: number },
  ): Promise<Page<ApplicationEventView>>;
  /** The full view of an application for `principal`, who must be allowed to read it. */
  view(principal: Principal, row: ApplicationRow): Promise<ApplicationView>;
};

/**
 * The application's opaque on-chain id: a hash of its UUID. Nothing personal; stable for the
 * application's life, so the escrow records of all its quotes share it.
 *
 * @example
 * onchainApplicationId("9b2f…") // 0x5c1e…(32 bytes)
 */
export function onchainApplicationId(id: string): Hex {
  return keccak256(stringToHex(`entrada:application:${id}`));
}

/**
 * Applications: drafts, answers, submission, cancellation, reading and the audit trail. Personal data
 * (passport data, answers) is sealed with the record cipher before it reaches the database.
 *
 * @example
 * const applications = createApplicationService({ db, catalogue, cipher, clock });
 * const draft = await applications.create(user, { productId: "gb-eta", applicant, answers });
 */
export function createApplicationService({
  db,
  catalogue,
  cipher,
  clock,
  presentations,
  documents,
}: CreateApplicationServiceParameters): ApplicationService {
  const openAnswers = (row: ApplicationRow): Answers => openStoredAnswers(cipher, row);

  function sealAnswers(
    id: string,
    answers: Answers,
  ): Pick<ApplicationRow, "answersCiphertext" | "answersNonce" | "answersWrappedKey" | "answersMasterKeyId"> {
    const sealed: SealedRecord = cipher.seal(answers as Json, answersContext(id));
    return {
      answersCiphertext: sealed.ciphertext,
      answersNonce: sealed.nonce,
      answersWrappedKey: sealed.wrappedDataKey,
      answersMasterKeyId: sealed.masterKeyId,
    };
  }

  async function loadApplicant(executor: Executor, id: string) {
    const [row] = await executor.select().from(applicants).where(eq(applicants.id, id));
    if (row === undefined) throw new NotFoundError({ resource: "applicant", id });
    return { row, data: openApplicant(cipher, row) };
  }

  async function view(principal: Principal, row: ApplicationRow): Promise<ApplicationView> {
    const { row: applicantRow, data } = await loadApplicant(db, row.applicantId);
    const [quote] = await db
      .select()
      .from(quotes)
      .where(and(eq(quotes.applicationId, row.id), inArray(quotes.status, ["open", "paid"])))
      .orderBy(desc(quotes.createdAt))
      .limit(1);
    return toApplicationView({
      row,
      applicant: { id: applicantRow.id, ...data, verificationStatus: applicantRow.verificationStatus },
      answers: openAnswers(row),
      quote: quote === undefined ? null : toQuoteView(quote),
      role: readerRole(principal, row),
      documents: documents === undefined ? [] : await documents.listForApplication(row.id),
      requestedDocuments: row.requestedDocuments,
      settlement: await latestSettlement(db, row.id).then((job) => (job === undefined ? null : toSettlementView(job))),
    });
  }

  /** Required fields of the product not answered by the applicant's identity or the answers. */
  function missingFields(productId: string, applicant: ApplicantInput, answers: Answers): string[] {
    const identity: Record<(typeof identityFields)[number], string | undefined> = {
      given_names: applicant.givenNames,
      surname: applicant.surname,
      date_of_birth: applicant.dateOfBirth,
      sex: applicant.sex,
      nationality: applicant.nationality,
      passport_number: applicant.passportNumber,
      passport_expiry_date: applicant.passportExpiryDate,
      passport_issuing_country: applicant.passportIssuingCountry,
    };
    return catalogue.product(productId).requiredFields.filter((field) => {
      const value = (identityFields as readonly string[]).includes(field)
        ? identity[field as keyof typeof identity]
        : answers[field as AnswerField];
      return value === undefined || value.trim() === "";
    });
  }

  /** The supporting documents (not identity documents, which come with the applicant) a product requires. */
  function supportingDocuments(productId: string): RequiredDocument[] {
    return catalogue
      .product(productId)
      .requiredDocuments.filter((kind) => !(identityDocumentKinds as readonly string[]).includes(kind));
  }

  /** The kinds of document that may be uploaded to the application now; refuses others, and locked states. */
  function checkDocumentAsked(application: ApplicationRow, kind: RequiredDocument): void {
    if (application.state !== "draft" && application.state !== "needs_info") {
      throw new ApplicationLockedError({ state: application.state });
    }
    const accepted = [...new Set([...supportingDocuments(application.productId), ...application.requestedDocuments])];
    if (!accepted.includes(kind)) throw new DocumentNotAskedError({ kind, accepted });
  }

  /** Documents the application still lacks: its product's, and those the officer asked for. */
  async function missingDocuments(tx: Executor, application: ApplicationRow): Promise<RequiredDocument[]> {
    const carried = documents === undefined ? [] : await documents.listForApplication(application.id, tx);
    const present = new Set(carried.map((document) => document.kind));
    const missing = supportingDocuments(application.productId).filter((kind) => !present.has(kind));
    return [...new Set([...missing, ...application.requestedDocuments])];
  }

  /** Refuses a submission that the authority would refuse for the applicant's nationality. */
  function checkNationality(productId: string, applicant: ApplicantInput): void {
    const product = catalogue.product(productId);
    const authority = catalogue.authority(product.authorityId);
    const result = checkEligibility(
      {
        nationality: applicant.nationality,
        destination: authority.destinations[0]!,
        purpose: product.type,
        birthDate: applicant.dateOfBirth,
      },
      catalogue,
    );
    const refusal = result.ineligible.find((item) => item.product.id === productId);
    if (refusal !== undefined) {
      throw new NotEligibleError({ productId, reasons: refusal.reasons.map((reason) => reason.code) });
    }
  }

  /** Keyset-paginated applications matching `where`. */
  async function listWhere(
    where: SQL | undefined,
    query: { cursor?: string | undefined; limit: number },
    order: "newest" | "oldest",
  ): Promise<Page<ApplicationSummary>> {
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, uuidPattern);
    const after =
      cursor === undefined
        ? undefined
        : order === "newest"
          ? sql`(${applications.createdAt}, ${applications.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
          : sql`(${applications.createdAt}, ${applications.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
    const direction = order === "newest" ? desc : asc;
    const rows = await db
      .select({
        application: applications,
        cursorAt: sql<string>`to_char(${applications.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(applications)
      .where(and(where, after))
      .orderBy(direction(applications.createdAt), direction(applications.id))
      .limit(query.limit + 1);
    const page = toPage(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.application.id }));
    return { items: page.items.map((row) => toApplicationSummary(row.application)), nextCursor: page.nextCursor };
  }

  return {
    async create(principal, input) {
      const organisationId = input.organisationId ?? null;
      authorize(principal, "application.create", { organisationId });
      const product = catalogue.product(input.productId);
      const now = clock();
      const id = randomUUID();
      let applicantId = input.applicantId;
      if (applicantId !== undefined) {
        const [existing] = await db.select().from(applicants).where(eq(applicants.id, applicantId));
        const mine =
          existing !== undefined &&
          (organisationId === null
            ? existing.userId === principal.id && existing.organisationId === null
            : existing.organisationId === organisationId);
        if (!mine) throw new NotFoundError({ resource: "applicant", id: applicantId });
      }
      /** A new applicant's row: the passport data sealed, `verified` when it came from a credential. */
      const newApplicantRow = (applicant: ApplicantInput, verified: boolean): typeof applicants.$inferInsert => {
        const newId = randomUUID();
        const sealed = cipher.seal(applicant as Json, applicantContext(newId));
        return {
          id: newId,
          userId: principal.id,
          organisationId,
          nationality: applicant.nationality,
          piiCiphertext: sealed.ciphertext,
          piiNonce: sealed.nonce,
          wrappedDataKey: sealed.wrappedDataKey,
          masterKeyId: sealed.masterKeyId,
          passportIndex: cipher.blindIndex(`${applicant.passportIssuingCountry}:${applicant.passportNumber}`),
          indexKeyId: cipher.indexKeyId,
          nameIndex: applicantNameIndex(cipher, applicant),
          ...(verified ? { verificationStatus: "verified" as const, verifiedAt: now } : {}),
        };
      };
      if (input.presentationId !== undefined && presentations === undefined) {
        throw new NotFoundError({ resource: "presentation", id: input.presentationId });
      }
      const actor = applicantActor(principal, { userId: principal.id });
      const row = await retryOnReferenceClash(() =>
        db.transaction(async (tx) => {
          let documentIds: string[] = [];
          let newApplicant: typeof applicants.$inferInsert | undefined;
          if (input.presentationId !== undefined) {
            const taken = await presentations!.takeForApplication(tx, principal, {
              presentationId: input.presentationId,
              productId: product.id,
            });
            newApplicant = newApplicantRow(taken.applicant, true);
            documentIds = taken.documentIds;
          } else if (input.applicant !== undefined) {
            newApplicant = newApplicantRow(input.applicant, false);
          }
          if (newApplicant !== undefined) {
            applicantId = newApplicant.id!;
            await tx.insert(applicants).values(newApplicant);
          }
          const [created] = await tx
            .insert(applications)
            .values({
              id,
              reference: applicationReference(randomBytes(applicationReferenceBytes)),
              onchainId: onchainApplicationId(id),
              userId: principal.id,
              organisationId,
              applicantId: applicantId!,
              productId: product.id,
              authorityId: product.authorityId,
              ...(input.answers === undefined ? {} : sealAnswers(id, input.answers)),
            })
            .returning();
          if (input.presentationId !== undefined) {
            await presentations!.attachApplication(tx, input.presentationId, id);
            await documents?.linkToApplication(tx, id, documentIds);
          }
          await tx.insert(applicationEvents).values({
            applicationId: id,
            fromState: null,
            toState: "draft",
            event: "create",
            actorId: actor.id,
            actorRole: actor.auditRole,
            at: now,
          });
          await publishOutbox(tx, {
            topic: outboxTopics.stateChanged,
            aggregateId: id,
            payload: {
              applicationId: id,
              userId: principal.id,
              organisationId,
              authorityId: product.authorityId,
              from: null,
              to: "draft",
              event: "create",
              actorRole: actor.auditRole,
              at: now.toISOString(),
            },
          });
          return created!;
        }),
      );
      return view(principal, row);
    },

    async get(principal, id) {
      const row = await loadApplication(db, principal, id, "application.read");
      return view(principal!, row);
    },

    async list(principal, query) {
      if (principal === null) throw new UnauthenticatedError();
      const mine = principal.via === "session" ? eq(applications.userId, principal.id) : sql`false`;
      const organisation =
        principal.organisationId !== undefined && principal.roles.includes("org_admin")
          ? eq(applications.organisationId, principal.organisationId)
          : undefined;
      const owner = organisation === undefined ? mine : or(mine, organisation);
      const state = query.state === undefined ? undefined : eq(applications.state, query.state);
      return listWhere(and(owner, state), query, "newest");
    },

    async update(principal, id, patch) {
      const row = await db.transaction(async (tx) => {
        const application = await lockApplicationFor(tx, principal, id, "application.update");
        if (application.state !== "draft" && application.state !== "needs_info") {
          throw new ApplicationLockedError({ state: application.state });
        }
        const answers: Answers = { ...openAnswers(application) };
        for (const [field, value] of Object.entries(patch.answers) as [AnswerField, string | null][]) {
          if (value === null) delete answers[field];
          else answers[field] = value;
        }
        const [updated] = await tx
          .update(applications)
          .set(sealAnswers(id, answers))
          .where(eq(applications.id, id))
          .returning();
        return updated!;
      });
      return view(principal!, row);
    },

    async addDocument(principal, id, { kind, contentType, bytes }) {
      if (documents === undefined) throw new NotFoundError({ resource: "application", id });
      // Checked before the bytes are stored, and again under the lock before they are recorded.
      checkDocumentAsked(await loadApplication(db, principal, id, "application.update"), kind);
      const stored = await documents.put({ contentType, bytes });
      const row = await db.transaction(async (tx) => {
        const application = await lockApplicationFor(tx, principal, id, "application.update");
        checkDocumentAsked(application, kind);
        await documents.attachToApplication(tx, { ownerId: application.userId, applicationId: id, kind, stored });
        if (!application.requestedDocuments.includes(kind)) return application;
        const [updated] = await tx
          .update(applications)
          .set({ requestedDocuments: application.requestedDocuments.filter((requested) => requested !== kind) })
          .where(eq(applications.id, id))
          .returning();
        return updated!;
      });
      return view(principal!, row);
    },

    async submit(principal, id) {
      const row = await db.transaction(async (tx) => {
        const application = await lockApplicationFor(tx, principal, id, "application.submit");
        const event = application.state === "needs_info" ? "provide_info" : "submit";
        if (application.state !== "draft" && application.state !== "needs_info") {
          throw new IllegalTransitionError({ state: application.state, event });
        }
        const { data: applicant } = await loadApplicant(tx, application.applicantId);
        const missing = missingFields(application.productId, applicant, openAnswers(application));
        if (missing.length > 0) throw new AnswersIncompleteError({ missing });
        const missingDocs = await missingDocuments(tx, application);
        if (missingDocs.length > 0) throw new ApplicationDocumentsMissingError({ missing: missingDocs });
        if (event === "submit") checkNationality(application.productId, applicant);
        return recordTransition(tx, {
          application,
          event,
          actor: applicantActor(principal!, application),
          at: clock(),
        });
      });
      return view(principal!, row);
    },

    async cancel(principal, id, reason) {
      const row = await db.transaction(async (tx) => {
        const application = await lockApplicationFor(tx, principal, id, "application.cancel");
        return recordTransition(tx, {
          application,
          event: "cancel",
          actor: applicantActor(principal!, application),
          reason,
          at: clock(),
        });
      });
      return view(principal!, row);
    },

    async history(principal, id, query) {
      await loadApplication(db, principal, id, "application.history");
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, /^\d{1,18}$/);
      const rows = await db
        .select()
        .from(applicationEvents)
        .where(
          and(
            eq(applicationEvents.applicationId, id),
            cursor === undefined ? undefined : gt(applicationEvents.id, Number(cursor.id)),
          ),
        )
        .orderBy(asc(applicationEvents.id))
        .limit(query.limit + 1);
      const page = toPage(rows, query.limit, (row) => ({ at: row.at.toISOString(), id: String(row.id) }));
      return { items: page.items.map(toApplicationEventView), nextCursor: page.nextCursor };
    },

    view,
  };
}

/**
 * Runs `create` again when the short reference it drew is taken: 40 random bits make that rare, and
 * the unique index, not a read before the write, is what keeps two applications from sharing one.
 */
async function retryOnReferenceClash<T>(create: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await create();
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error, "applications_reference_unique")) throw error;
    }
  }
}
