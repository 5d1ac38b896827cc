import { randomBytes, randomUUID } from "node:crypto";
import type { Catalogue } from "@entrada/core";
import {
  credentialDisclosures,
  type Database,
  type Executor,
  identityCredentials,
  identityDocuments,
  type Json,
  presentationRequests,
} from "@entrada/db";
import { verifyPresentation } from "@entrada/identity";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import { NotFoundError } from "../errors/http.ts";
import { PresentationRequestSpentError, PresentationUnusableError } from "../errors/identity.ts";
import { decodeCursor, toPage, uuidPattern } from "../http/cursor.ts";
import { authorize } from "../policy.ts";
import type { ApplicantInput } from "../schemas/applicationSchemas.ts";
import { applicantFromClaims, disclosedClaimPaths, requiredClaimsFor } from "./applicantClaims.ts";
import type { Page } from "./createApplicationService.ts";
import type { CredentialService } from "./createCredentialService.ts";

/** Parameters of {@link createPresentationService}. */
export type CreatePresentationServiceParameters = {
  db: Database;
  cipher: RecordCipher;
  catalogue: Catalogue;
  credentials: CredentialService;
  /** This verifier's identifier, the `aud` of key-binding JWTs: Entrada's public URL. */
  audience: string;
  clock: () => Date;
  /** How long a nonce may be used. Default 300 s. */
  nonceLifetimeSeconds?: number | undefined;
};

/** `POST /identity/presentation-requests`: what the holder must bind a presentation to. */
export type PresentationRequestView = {
  id: string;
  nonce: string;
  audience: string;
  requiredClaims: string[];
  expiresAt: string;
  productId: string;
  authorityId: string;
};

/** A verified presentation: the applicant for `POST /applications`, and what was shared with whom. */
export type PresentationView = {
  /** The `presentationId` that `POST /applications` takes instead of `applicant`. */
  id: string;
  applicant: ApplicantInput;
  /** The claim paths disclosed. */
  claims: string[];
  productId: string;
  authorityId: string;
  presentedAt: string;
};

/** One line of "what was shared with whom". */
export type DisclosureView = {
  id: string;
  authority: { id: string; name: string };
  productId: string;
  claims: string[];
  presentedAt: string;
  applicationId: string | null;
};

/** What {@link createPresentationService} returns. */
export type PresentationService = {
  /** A single-use nonce for a presentation of the claims a product needs. */
  createRequest(principal: Principal | null, parameters: { productId: string }): Promise<PresentationRequestView>;
  /** Verifies a presentation against its request, burns the nonce, and records the disclosure. */
  present(
    principal: Principal | null,
    parameters: { requestId: string; presentation: string },
  ): Promise<PresentationView>;
  /** What the caller disclosed, to whom and when, newest first. */
  disclosures(
    principal: Principal | null,
    query: { cursor?: string | undefined; limit: number },
  ): Promise<Page<DisclosureView>>;
  /**
   * Takes a presentation for a new application in the caller's transaction: its applicant and the
   * documents of the identity check behind the credential. A presentation fills one application.
   */
  takeForApplication(
    tx: Executor,
    principal: Principal,
    parameters: { presentationId: string; productId: string },
  ): Promise<{ applicant: ApplicantInput; documentIds: string[] }>;
  /** Records which application a taken presentation filled (once the application row exists). */
  attachApplication(tx: Executor, presentationId: string, applicationId: string): Promise<void>;
};

/**
 * Reusing the identity (DESIGN.md, "The core loop" step 3): Entrada as the verifier of its own
 * credentials. A presentation request names the claims a product needs with a fresh nonce (5
 * minutes, single use); the presentation is checked with `verifyPresentation` of
 * `@entrada/identity` against Entrada's own issuer state, read directly (no HTTP to itself), and
 * each disclosure is recorded with the authority it was for.
 *
 * @example
 * const request = await presentations.createRequest(user, { productId: "gb-eta" });
 * const { id, applicant } = await presentations.present(user, { requestId: request.id, presentation });
 */
export function createPresentationService(parameters: CreatePresentationServiceParameters): PresentationService {
  const { db, cipher, catalogue, credentials, audience, clock } = parameters;
  const lifetimeMs = (parameters.nonceLifetimeSeconds ?? 300) * 1000;
  const applicantContext = (id: string) => `credential-disclosure:${id}:applicant`;
  const issuer = credentials.issuer;
  const metadata = JSON.parse(JSON.stringify(issuer.metadata())) as unknown;

  return {
    async createRequest(principal, { productId }) {
      authorize(principal, "identity.own");
      const product = catalogue.product(productId);
      const now = clock();
      const [row] = await db
        .insert(presentationRequests)
        .values({
          userId: principal.id,
          productId: product.id,
          authorityId: product.authorityId,
          nonce: randomBytes(32).toString("base64url"),
          audience,
          requiredClaims: requiredClaimsFor(product),
          expiresAt: new Date(now.getTime() + lifetimeMs),
        })
        .returning();
      return {
        id: row!.id,
        nonce: row!.nonce,
        audience: row!.audience,
        requiredClaims: row!.requiredClaims,
        expiresAt: row!.expiresAt.toISOString(),
        productId: row!.productId,
        authorityId: row!.authorityId,
      };
    },

    async present(principal, { requestId, presentation }) {
      authorize(principal, "identity.own");
      const [request] = await db.select().from(presentationRequests).where(eq(presentationRequests.id, requestId));
      if (request === undefined || request.userId !== principal.id) {
        throw new NotFoundError({ resource: "presentation request", id: requestId });
      }
      const now = clock();
      // Burnt before the check: a nonce answers one presentation, valid or not, so none can be probed.
      const [burnt] = await db
        .update(presentationRequests)
        .set({ consumedAt: now })
        .where(
          and(
            eq(presentationRequests.id, requestId),
            isNull(presentationRequests.consumedAt),
            gt(presentationRequests.expiresAt, now),
          ),
        )
        .returning();
      if (burnt === undefined) {
        throw new PresentationRequestSpentError({
          requestId,
          reason: request.consumedAt === null ? "expired" : "used",
        });
      }
      const verified = await verifyPresentation({
        presentation,
        nonce: request.nonce,
        audience: request.audience,
        requiredClaims: request.requiredClaims,
        trustedIssuers: [issuer.issuer],
        fetchIssuerMetadata: async (name) => {
          if (name.replace(/\/+$/, "") !== issuer.issuer) throw new Error("not this issuer");
          return metadata;
        },
        fetchStatusList: (uri) => credentials.statusListTokenAt(uri),
        clock,
      });
      const credential = await credentials.findByStatus(verified.status.uri, verified.status.idx);
      const applicant = applicantFromClaims(verified.claims);
      const claims = disclosedClaimPaths(verified.claims);
      const id = randomUUID();
      const sealed = cipher.seal(applicant as Json, applicantContext(id));
      const presentedAt = new Date(verified.presentedAt * 1000);
      await db.insert(credentialDisclosures).values({
        id,
        userId: principal.id,
        credentialId: credential?.id ?? null,
        requestId,
        productId: request.productId,
        authorityId: request.authorityId,
        claims,
        applicantCiphertext: sealed.ciphertext,
        applicantNonce: sealed.nonce,
        applicantWrappedKey: sealed.wrappedDataKey,
        applicantMasterKeyId: sealed.masterKeyId,
        presentedAt,
      });
      return {
        id,
        applicant,
        claims,
        productId: request.productId,
        authorityId: request.authorityId,
        presentedAt: presentedAt.toISOString(),
      };
    },

    async disclosures(principal, query) {
      authorize(principal, "identity.own");
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, uuidPattern);
      const rows = await db
        .select({
          disclosure: credentialDisclosures,
          cursorAt: sql<string>`to_char(${credentialDisclosures.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        })
        .from(credentialDisclosures)
        .where(
          and(
            eq(credentialDisclosures.userId, principal.id),
            cursor === undefined
              ? undefined
              : sql`(${credentialDisclosures.createdAt}, ${credentialDisclosures.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`,
          ),
        )
        .orderBy(desc(credentialDisclosures.createdAt), desc(credentialDisclosures.id))
        .limit(query.limit + 1);
      const page = toPage(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.disclosure.id }));
      return {
        items: page.items.map(({ disclosure }) => ({
          id: disclosure.id,
          authority: { id: disclosure.authorityId, name: catalogue.authority(disclosure.authorityId).name },
          productId: disclosure.productId,
          claims: disclosure.claims,
          presentedAt: disclosure.presentedAt.toISOString(),
          applicationId: disclosure.applicationId,
        })),
        nextCursor: page.nextCursor,
      };
    },

    async takeForApplication(tx, principal, { presentationId, productId }) {
      const [row] = await tx
        .select()
        .from(credentialDisclosures)
        .where(eq(credentialDisclosures.id, presentationId))
        .for("update");
      if (row === undefined || row.userId !== principal.id || principal.via !== "session") {
        throw new NotFoundError({ resource: "presentation", id: presentationId });
      }
      if (
        row.applicationId !== null ||
        row.applicantCiphertext === null ||
        row.applicantNonce === null ||
        row.applicantWrappedKey === null ||
        row.applicantMasterKeyId === null
      ) {
        throw new PresentationUnusableError({ presentationId, reason: "used" });
      }
      if (row.productId !== productId) throw new PresentationUnusableError({ presentationId, reason: "other_product" });
      const applicant = cipher.open(
        {
          ciphertext: row.applicantCiphertext,
          nonce: row.applicantNonce,
          wrappedDataKey: row.applicantWrappedKey,
          masterKeyId: row.applicantMasterKeyId,
        },
        applicantContext(row.id),
      ) as ApplicantInput;
      let documentIds: string[] = [];
      if (row.credentialId !== null) {
        const documents = await tx
          .select({ id: identityDocuments.id })
          .from(identityCredentials)
          .innerJoin(identityDocuments, eq(identityDocuments.verificationId, identityCredentials.verificationId))
          .where(and(eq(identityCredentials.id, row.credentialId), isNull(identityDocuments.deletedAt)));
        documentIds = documents.map((document) => document.id);
      }
      // The applicant now lives with the application; the disclosure keeps only what was shared with whom.
      await tx
        .update(credentialDisclosures)
        .set({
          applicantCiphertext: null,
          applicantNonce: null,
          applicantWrappedKey: null,
          applicantMasterKeyId: null,
        })
        .where(eq(credentialDisclosures.id, presentationId));
      return { applicant, documentIds };
    },

    async attachApplication(tx, presentationId, applicationId) {
      await tx.update(credentialDisclosures).set({ applicationId }).where(eq(credentialDisclosures.id, presentationId));
    },
  };
}
