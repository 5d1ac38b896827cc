import { type RequiredDocument, requiredDocuments } from "@entrada/core";
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { applications } from "./applications.ts";
import { authorities, products } from "./catalogue.ts";
import { bytea, createdAt, isOneOf, type Json, timestamptz, updatedAt } from "./columns.ts";
import { roles, users } from "./users.ts";

/**
 * Where an identity verification stands: the KYC pipeline's outcome, until a reviewer decides a
 * `flagged` one (`passed` or `failed` then, with the review columns set).
 */
export const identityVerificationStatuses = ["passed", "flagged", "failed"] as const;
/** The state of an identity verification. */
export type IdentityVerificationStatus = (typeof identityVerificationStatuses)[number];

/** A reviewer's decision on a flagged verification. */
export const kycReviewDecisions = ["pass", "fail"] as const;

/**
 * Identity checks (DESIGN.md, "The core loop" step 1): one row per submission of passport data.
 * The identity (typed fields, MRZ, the verified identity) is personal data, so it lives only in
 * `identity_ciphertext`, sealed like `applicants`. In clear: the outcome, the reasons (codes,
 * sanctions entry ids and scores, never names), the provider's reference and the fingerprint (a
 * keyed HMAC of issuing state, document number and birth date) that finds a second account
 * verified with the same passport.
 */
export const identityVerifications = pgTable(
  "identity_verifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: identityVerificationStatuses }).notNull(),
    /** What the pipeline decided, kept after a review changes `status`. */
    outcome: text("outcome", { enum: identityVerificationStatuses }).notNull(),
    /** The pipeline's reasons (`KycReason[]` of @entrada/identity): codes and opaque facts only. */
    reasons: jsonb("reasons").$type<Json>().notNull().default([]),
    /** `identityFingerprint` of the document; `null` when the MRZ did not validate. */
    fingerprint: text("fingerprint"),
    /** AES-256-GCM ciphertext (tag appended) of `{ typed, mrz, identity }`. */
    identityCiphertext: bytea("identity_ciphertext").notNull(),
    identityNonce: bytea("identity_nonce").notNull(),
    identityWrappedKey: bytea("identity_wrapped_key").notNull(),
    identityMasterKeyId: text("identity_master_key_id").notNull(),
    /** The outside provider's name and check id; `null` when the provider was not asked. */
    provider: text("provider"),
    providerReference: text("provider_reference"),
    /** The provider's verdict `{ liveness, faceMatch, score }`, when asked. */
    providerResult: jsonb("provider_result").$type<Json>(),
    checkedAt: timestamptz("checked_at").notNull(),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: timestamptz("reviewed_at"),
    reviewDecision: text("review_decision", { enum: kycReviewDecisions }),
    reviewReason: text("review_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("identity_verifications_user_idx").on(t.userId, t.createdAt),
    index("identity_verifications_fingerprint_idx").on(t.fingerprint),
    index("identity_verifications_review_idx").on(t.createdAt).where(sql`${t.status} = 'flagged'`),
    check("identity_verifications_status_check", isOneOf(t.status, identityVerificationStatuses)),
    check("identity_verifications_outcome_check", isOneOf(t.outcome, identityVerificationStatuses)),
    check("identity_verifications_review_decision_check", isOneOf(t.reviewDecision, kycReviewDecisions)),
    check("identity_verifications_review_check", sql`(${t.reviewDecision} is null) = (${t.reviewedAt} is null)`),
  ],
);

/** Kinds of identity documents a traveller uploads. */
export const identityDocumentKinds = ["passport_bio_page", "photo"] as const;
/** A kind of identity document. */
export type IdentityDocumentKind = (typeof identityDocumentKinds)[number];

/**
 * Every kind of document stored: the identity documents and the supporting documents a product may
 * require (`requiredDocuments` of @entrada/core: return ticket, proof of funds…).
 */
export const documentKinds = requiredDocuments;
/** A kind of stored document. */
export type DocumentKind = RequiredDocument;

/**
 * Uploaded documents: identity documents, and the supporting documents of applications (which also
 * appear in `application_documents`). The bytes are sealed (per-document data key wrapped by the master
 * key) and stored by the CID of the sealed blob in the document store (a folder or IPFS); this row
 * says whose it is and what it is. Deleting the blob destroys the only copy of its data key
 * (crypto-shredding): `deleted_at` is set then, and the row stays for the access log.
 */
export const identityDocuments = pgTable(
  "identity_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The traveller who uploaded it. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: documentKinds }).notNull(),
    /** CIDv1 of the sealed blob (not of the document). */
    cid: text("cid").notNull(),
    /** The format detected from the bytes (`image/jpeg`, `image/png`, `image/webp`, `application/pdf`). */
    contentType: text("content_type").notNull(),
    /** Size of the document in bytes. */
    size: integer("size").notNull(),
    /** The verification it was submitted with, once it was. */
    verificationId: uuid("verification_id").references(() => identityVerifications.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    deletedAt: timestamptz("deleted_at"),
  },
  (t) => [
    index("identity_documents_user_idx").on(t.userId, t.createdAt),
    index("identity_documents_verification_idx").on(t.verificationId),
    check("identity_documents_kind_check", isOneOf(t.kind, documentKinds)),
    check("identity_documents_size_check", sql`${t.size} >= 0`),
  ],
);

/** The documents an application carries (identity and supporting), so that the deciding officer sees them. */
export const applicationDocuments = pgTable(
  "application_documents",
  {
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => identityDocuments.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "application_documents_pkey", columns: [t.applicationId, t.documentId] }),
    index("application_documents_document_idx").on(t.documentId),
  ],
);

/**
 * Why a document was opened: by its owner, sent to the KYC provider with the owner's check, by a
 * KYC reviewer deciding a flagged check, or by an officer deciding an application of the owner.
 */
export const documentAccessPurposes = ["owner", "kyc_check", "kyc_review", "application_review"] as const;

/** Every opening of an identity document: who, when and why. Append only. */
export const documentAccessLog = pgTable(
  "document_access_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    documentId: uuid("document_id")
      .notNull()
      .references(() => identityDocuments.id),
    /** The user's id, or the API key's. */
    actorId: text("actor_id").notNull(),
    actorRole: text("actor_role", { enum: [...roles, "api_key"] }).notNull(),
    purpose: text("purpose", { enum: documentAccessPurposes }).notNull(),
    /** The application that justified an officer's access. */
    applicationId: uuid("application_id").references(() => applications.id, { onDelete: "set null" }),
    at: timestamptz("at").notNull().defaultNow(),
  },
  (t) => [
    index("document_access_log_document_idx").on(t.documentId, t.at),
    check("document_access_log_actor_role_check", isOneOf(t.actorRole, [...roles, "api_key"])),
    check("document_access_log_purpose_check", isOneOf(t.purpose, documentAccessPurposes)),
  ],
);

/**
 * IETF Token Status Lists of Entrada's credentials: `lst` is the list as its token carries it
 * (ZLIB-compressed, base64url), rewritten under a row lock at each revocation. Entrada's identity
 * credentials use the lists without an authority; each authority's e-visas its own lists
 * (`authority_id`), signed with the authority's key.
 */
export const statusLists = pgTable(
  "status_lists",
  {
    id: serial("id").primaryKey(),
    /** The authority whose e-visas the list holds; `null` for Entrada's identity credentials. */
    authorityId: text("authority_id").references(() => authorities.id),
    /** Bits per entry: 1, 2, 4 or 8. */
    bits: integer("bits").notNull(),
    /** Number of entries. */
    size: integer("size").notNull(),
    lst: text("lst").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("status_lists_authority_idx").on(t.authorityId, t.id),
    check("status_lists_bits_check", sql`${t.bits} in (1, 2, 4, 8)`),
    check("status_lists_size_check", sql`${t.size} > 0`),
  ],
);

/**
 * Why a credential was revoked. `moved`: its holder had it re-issued to another device's key
 * (`POST /identity/credential/move`), which the old device shows rather than a bare "revoked".
 */
export const credentialRevocationReasons = [
  "lost",
  "fraud",
  "holder_request",
  "superseded",
  "account_deleted",
  "moved",
] as const;
/** A reason of revocation. */
export type CredentialRevocationReason = (typeof credentialRevocationReasons)[number];

/**
 * Identity credentials issued (metadata only: the SD-JWT itself holds personal data and is handed
 * to the holder, never stored). Each owns one entry of a status list, never given to another.
 */
export const identityCredentials = pgTable(
  "identity_credentials",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** `null` once the holder's account was erased (the row keeps its status list entry taken). */
    userId: uuid("user_id").references(() => users.id),
    verificationId: uuid("verification_id").references(() => identityVerifications.id, { onDelete: "set null" }),
    statusListId: integer("status_list_id")
      .notNull()
      .references(() => statusLists.id),
    statusIndex: integer("status_index").notNull(),
    /** The holder's public key (`cnf.jwk`). */
    holderJwk: jsonb("holder_jwk").$type<Json>(),
    issuedAt: timestamptz("issued_at").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    revokedAt: timestamptz("revoked_at"),
    revocationReason: text("revocation_reason", { enum: credentialRevocationReasons }),
    /** Who revoked it: a user id, or `system`. */
    revokedBy: text("revoked_by"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("identity_credentials_status_key").on(t.statusListId, t.statusIndex),
    index("identity_credentials_user_idx").on(t.userId, t.issuedAt),
    check("identity_credentials_status_index_check", sql`${t.statusIndex} >= 0`),
    check("identity_credentials_revocation_reason_check", isOneOf(t.revocationReason, credentialRevocationReasons)),
    check("identity_credentials_revocation_check", sql`(${t.revokedAt} is null) = (${t.revocationReason} is null)`),
  ],
);

/**
 * Presentation requests: the nonce and audience a holder must bind a presentation to, for the
 * claims a product needs. A nonce serves one presentation (`consumed_at`), and only until `expires_at`.
 */
export const presentationRequests = pgTable(
  "presentation_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    authorityId: text("authority_id")
      .notNull()
      .references(() => authorities.id),
    nonce: text("nonce").notNull().unique(),
    audience: text("audience").notNull(),
    /** Claim paths the presentation must disclose. */
    requiredClaims: jsonb("required_claims").$type<string[]>().notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    consumedAt: timestamptz("consumed_at"),
    createdAt: createdAt(),
  },
  (t) => [index("presentation_requests_user_idx").on(t.userId, t.createdAt)],
);

/**
 * What a holder disclosed, to whom and when: one row per verified presentation, for the traveller's
 * "what was shared with whom" page. The disclosed values, as the applicant of an application, are
 * sealed (`applicant_*`) until an application uses them (`application_id`).
 */
export const credentialDisclosures = pgTable(
  "credential_disclosures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    credentialId: uuid("credential_id").references(() => identityCredentials.id),
    requestId: uuid("request_id").references(() => presentationRequests.id, { onDelete: "set null" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    /** With whom: the authority of the product. */
    authorityId: text("authority_id")
      .notNull()
      .references(() => authorities.id),
    /** The claim paths disclosed (names, never values). */
    claims: jsonb("claims").$type<string[]>().notNull(),
    applicantCiphertext: bytea("applicant_ciphertext"),
    applicantNonce: bytea("applicant_nonce"),
    applicantWrappedKey: bytea("applicant_wrapped_key"),
    applicantMasterKeyId: text("applicant_master_key_id"),
    /** The application filed with it, once one was. */
    applicationId: uuid("application_id").references(() => applications.id, { onDelete: "set null" }),
    /** When the holder signed the key binding. */
    presentedAt: timestamptz("presented_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("credential_disclosures_user_idx").on(t.userId, t.createdAt),
    check(
      "credential_disclosures_applicant_check",
      sql`(${t.applicantCiphertext} is null) = (${t.applicantNonce} is null) and (${t.applicantCiphertext} is null) = (${t.applicantWrappedKey} is null) and (${t.applicantCiphertext} is null) = (${t.applicantMasterKeyId} is null)`,
    ),
  ],
);
