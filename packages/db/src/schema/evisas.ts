import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { applications } from "./applications.ts";
import { authorities } from "./catalogue.ts";
import { bytea, createdAt, timestamptz } from "./columns.ts";
import { statusLists } from "./identity.ts";

/**
 * E-visas issued (issue 12): one per application, made once its escrow release is seen (`issued`).
 * The SD-JWT VC and the seal hold the traveller's name, birth date and passport number, so they are
 * sealed like `applicants` (AES-256-GCM under a per-record data key wrapped by the master key
 * `master_key_id`, bound to `evisa:<application id>`); the columns in the clear are what the list
 * views, revocation and expiry need. Each e-visa owns one entry of its authority's status list.
 */
export const evisas = pgTable(
  "evisas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Unique: issuing twice (a replayed event, a retried job) finds the first and keeps it. */
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    authorityId: text("authority_id")
      .notNull()
      .references(() => authorities.id),
    /** The authority key that signed it (`kid` of the JWS header and of the seal). */
    kid: text("kid").notNull(),
    /** AES-256-GCM ciphertext of `{ sdJwt, seal }` (the seal base64url, or `null`), tag appended. */
    ciphertext: bytea("ciphertext").notNull(),
    /** GCM nonce (12 bytes). */
    nonce: bytea("nonce").notNull(),
    /** The per-record data key, wrapped by the master key. */
    wrappedDataKey: bytea("wrapped_data_key").notNull(),
    masterKeyId: text("master_key_id").notNull(),
    /** The authority's status list and the e-visa's entry in it (`status.status_list`). */
    statusListId: integer("status_list_id")
      .notNull()
      .references(() => statusLists.id),
    statusIndex: integer("status_index").notNull(),
    /** First and last day of use, inclusive (calendar dates, UTC). */
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validUntil: date("valid_until", { mode: "string" }).notNull(),
    /** The application's short reference, printed on the visa. */
    reference: text("reference").notNull(),
    issuedAt: timestamptz("issued_at").notNull(),
    revokedAt: timestamptz("revoked_at"),
    /** The officer's reason, in their words; told to the traveller. */
    revokeReason: text("revoke_reason"),
    /** The officer (user id) or API key that revoked it. */
    revokedBy: text("revoked_by"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("evisas_application_key").on(t.applicationId),
    unique("evisas_status_key").on(t.statusListId, t.statusIndex),
    index("evisas_authority_idx").on(t.authorityId, t.issuedAt),
    check("evisas_status_index_check", sql`${t.statusIndex} >= 0`),
    check("evisas_validity_check", sql`${t.validFrom} <= ${t.validUntil}`),
    check("evisas_revocation_check", sql`(${t.revokedAt} is null) = (${t.revokeReason} is null)`),
  ],
);
