import { type ApplicationState, applicationStates, type RequiredDocument } from "@entrada/core";
import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { applicants } from "./applicants.ts";
import { authorities, products } from "./catalogue.ts";
import { bytea, createdAt, type Hex, isHex, isOneOf, timestamptz, updatedAt } from "./columns.ts";
import { organisations, roles, users } from "./users.ts";

/**
 * Core's application states (`applicationStates` of @entrada/core, which owns them and their
 * transitions) in the order the state check constraints were written by migration 0000, so that
 * their SQL, which drizzle-kit compares as text, stays as it is. A test fails unless it holds exactly
 * core's states: when core gains one, add it here and generate a migration.
 */
export const checkedApplicationStates = [
  "draft",
  "submitted",
  "payment_pending",
  "paid",
  "under_review",
  "needs_info",
  "approved",
  "issued",
  "rejected",
  "expired",
  "refunded",
  "cancelled",
] as const satisfies readonly ApplicationState[];

/** Who can act on an application besides people: Entrada's own processes. */
export const systemActorRoles = ["system", "indexer", "api_key"] as const;

/** Visa applications. Writers bump `state_version` on every change and update only the version they read. */
export const applications = pgTable(
  "applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The opaque `applicationId` (bytes32) the escrow contract sees; nothing personal. */
    onchainId: text("onchain_id").$type<Hex>().notNull().unique(),
    /**
     * The short human reference (`ENT-7K3Q-9XPA`, core's `applicationReference`) that travellers and
     * officers read and search; the UUID stays the API's id. Drawn at creation; rows older than the
     * column were given one by migration 0007.
     */
    reference: text("reference").notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    applicantId: uuid("applicant_id")
      .notNull()
      .references(() => applicants.id),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    /** The product's authority, kept here so that officers' queues need no join. */
    authorityId: text("authority_id")
      .notNull()
      .references(() => authorities.id),
    state: text("state", { enum: applicationStates }).notNull().default("draft"),
    /** Optimistic lock: incremented by every state change. */
    stateVersion: integer("state_version").notNull().default(0),
    /** The authority must decide by then (set on payment); after it, the payer may claim a refund. */
    decisionDeadline: timestamptz("decision_deadline"),
    /**
     * The applicant's answers to the product's form (travel dates, addresses, occupation…): personal
     * data, so AES-256-GCM ciphertext (tag appended) under a per-record data key, like `applicants`.
     * All four `answers_*` columns are null until the first answer is saved.
     */
    answersCiphertext: bytea("answers_ciphertext"),
    /** GCM nonce of `answers_ciphertext` (12 bytes). */
    answersNonce: bytea("answers_nonce"),
    /** The answers' data key, wrapped by the master key `answers_master_key_id`. */
    answersWrappedKey: bytea("answers_wrapped_key"),
    answersMasterKeyId: text("answers_master_key_id"),
    /**
     * The documents the officer asked for with their last "needs info", not yet uploaded: the
     * applicant cannot hand the application back until it is empty.
     */
    requestedDocuments: jsonb("requested_documents").$type<RequiredDocument[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("applications_user_idx").on(t.userId, t.createdAt),
    // The officer's queue (GET /officer/applications) reads in decision-deadline order, a page at a
    // time: one index per kind of view, so that a page reads its rows in order and stops (keyset).
    // One state:
    index("applications_authority_state_idx").on(t.authorityId, t.state, t.decisionDeadline, t.id),
    // Everything the authority sees:
    index("applications_authority_deadline_idx").on(t.authorityId, t.decisionDeadline, t.id),
    // What it has yet to decide ("needs action", "overdue"), the default view:
    index("applications_authority_undecided_idx")
      .on(t.authorityId, t.decisionDeadline, t.id)
      .where(sql`${t.state} in ('paid', 'under_review', 'needs_info')`),
    index("applications_organisation_idx").on(t.organisationId),
    index("applications_applicant_idx").on(t.applicantId),
    index("applications_deadline_idx")
      .on(t.decisionDeadline)
      .where(sql`${t.state} in ('paid', 'under_review', 'needs_info')`),
    check("applications_onchain_id_check", isHex(t.onchainId, 32)),
    check("applications_state_check", isOneOf(t.state, checkedApplicationStates)),
    check("applications_state_version_check", sql`${t.stateVersion} >= 0`),
    check(
      "applications_answers_check",
      sql`(${t.answersCiphertext} is null) = (${t.answersNonce} is null) and (${t.answersCiphertext} is null) = (${t.answersWrappedKey} is null) and (${t.answersCiphertext} is null) = (${t.answersMasterKeyId} is null)`,
    ),
  ],
);

/** The audit trail: every state change of an application, with who, when and why. Append only. */
export const applicationEvents = pgTable(
  "application_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    /** `null` for the event that created the application. */
    fromState: text("from_state", { enum: applicationStates }),
    toState: text("to_state", { enum: applicationStates }).notNull(),
    /** What happened, e.g. `payment_confirmed`, `approved`. */
    event: text("event").notNull(),
    /** User id, API key id, or the name of a process; `null` when unknown. */
    actorId: text("actor_id"),
    actorRole: text("actor_role", { enum: [...roles, ...systemActorRoles] }).notNull(),
    reason: text("reason"),
    /**
     * The chain transaction whose log caused the change (payment, release, refund, claim), so that a
     * reorg that removes the log can undo exactly the changes it caused; `null` for people's actions.
     */
    txHash: text("tx_hash").$type<Hex>(),
    at: timestamptz("at").notNull().defaultNow(),
  },
  (t) => [
    index("application_events_application_idx").on(t.applicationId, t.at),
    // The dashboard's figures read the events of a window (`days`): by kind, then time.
    index("application_events_event_at_idx").on(t.event, t.at),
    check("application_events_tx_hash_check", isHex(t.txHash, 32)),
    check("application_events_from_state_check", isOneOf(t.fromState, checkedApplicationStates)),
    check("application_events_to_state_check", isOneOf(t.toState, checkedApplicationStates)),
    check("application_events_actor_role_check", isOneOf(t.actorRole, [...roles, ...systemActorRoles])),
  ],
);

/**
 * How many applications each authority has in each state, kept by statement triggers on
 * `applications` (migration 0013, which also counted the rows already there): the officer's queue
 * shows its counts on every first page, and counting an authority's 100,000 rows each time would
 * cost more than the page. Never written by the application.
 */
export const applicationStateCounts = pgTable(
  "application_state_counts",
  {
    authorityId: text("authority_id").notNull(),
    state: text("state", { enum: applicationStates }).notNull(),
    count: bigint("count", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.authorityId, t.state] })],
);
