import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { bytea, createdAt, isOneOf, timestamptz, updatedAt } from "./columns.ts";
import { organisations, users } from "./users.ts";

/** Where an applicant's identity check stands. */
export const verificationStatuses = ["pending", "verified", "flagged", "rejected"] as const;
/** The state of an applicant's identity check. */
export type VerificationStatus = (typeof verificationStatuses)[number];

/**
 * The people visas are for: a traveller themself, or an organisation's employee. Their personal data
 * (passport fields, names, birth date) lives only in `pii_ciphertext`, encrypted with AES-256-GCM
 * under a per-record data key that is itself wrapped by the master key `master_key_id`. In clear are
 * only what searches and eligibility need: the nationality and a keyed blind index of the passport
 * number (an HMAC, not a plain hash: passport numbers are few enough to enumerate).
 */
export const applicants = pgTable(
  "applicants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The user who manages this applicant (the traveller, or the organisation admin who imported them). */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    /** ISO 3166-1 alpha-3 nationality (ICAO codes such as `UTO` included). */
    nationality: text("nationality").notNull(),
    /** AES-256-GCM ciphertext of the personal data, tag appended. */
    piiCiphertext: bytea("pii_ciphertext").notNull(),
    /** GCM nonce (12 bytes). */
    piiNonce: bytea("pii_nonce").notNull(),
    /** The per-record data key, wrapped by the master key. */
    wrappedDataKey: bytea("wrapped_data_key").notNull(),
    /** Which master key wrapped the data key, so that keys can be rotated. */
    masterKeyId: text("master_key_id").notNull(),
    /** HMAC-SHA-256 of the normalised passport number, for duplicate detection. */
    passportIndex: bytea("passport_index").notNull(),
    /** Which HMAC key computed `passport_index`. */
    indexKeyId: text("index_key_id").notNull(),
    /**
     * Keyed blind index of the name's words (HMAC of each normalised given name and surname word,
     * `ix-` key `index_key_id`): officers search the queue by name without the names in clear.
     */
    nameIndex: text("name_index").array().notNull().default(sql`'{}'::text[]`),
    verificationStatus: text("verification_status", { enum: verificationStatuses }).notNull().default("pending"),
    verifiedAt: timestamptz("verified_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("applicants_user_idx").on(t.userId),
    index("applicants_organisation_idx").on(t.organisationId),
    index("applicants_passport_index_idx").on(t.passportIndex),
    index("applicants_name_index_idx").using("gin", t.nameIndex),
    check("applicants_nationality_check", sql`${t.nationality} ~ '^[A-Z]{3}$'`),
    check("applicants_verification_status_check", isOneOf(t.verificationStatus, verificationStatuses)),
  ],
);
