import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authorities } from "./catalogue.ts";
import { createdAt, type Hex, isHex, isOneOf, timestamptz, updatedAt } from "./columns.ts";

/** Languages of the interface, the e-mails and the assistant. */
export const locales = ["en", "zh", "es"] as const;
/** A language of Entrada. */
export type Locale = (typeof locales)[number];

/**
 * What a user may do; officers act for one authority, organisation admins for one organisation,
 * KYC reviewers decide flagged identity checks.
 */
export const roles = ["traveller", "officer", "org_admin", "support", "operator", "kyc_reviewer"] as const;
/** A role of a user. */
export type Role = (typeof roles)[number];

/** Companies that apply and pay for their employees. */
export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** People who sign in: with a wallet (SIWE) and/or an e-mail address. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Lower-case address, so that two spellings of one wallet are one user. */
    walletAddress: text("wallet_address").$type<Hex>().unique(),
    /**
     * Lower-case e-mail address for notifications: one the user proved they read (a code sent to it,
     * {@link emailVerifications}), or a staff account's own. `null` for a wallet user who gave none.
     */
    email: text("email"),
    locale: text("locale", { enum: locales }).notNull().default("en"),
    /** Set when the user erased their account: personal data is gone, what the law keeps stays. */
    deletedAt: timestamptz("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    check("users_wallet_address_check", isHex(t.walletAddress, 20)),
    check("users_email_check", sql`${t.email} = lower(${t.email}) and position('@' in ${t.email}) > 1`),
    check("users_locale_check", isOneOf(t.locale, locales)),
    check("users_identifier_check", sql`${t.walletAddress} is not null or ${t.email} is not null`),
  ],
);

/**
 * Codes sent to prove that a user reads an e-mail address before it becomes their notification
 * address. Only a hash of the code is kept; a code is spent by a match, dies after too many wrong
 * tries or at `expires_at`, and the rows of a user count the codes sent to them (rate limit).
 */
export const emailVerifications = pgTable(
  "email_verifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The lower-case address the code was sent to. */
    email: text("email").notNull(),
    /** HMAC-SHA256 of the code under the server's secret, hex. */
    codeHash: text("code_hash").notNull(),
    /** Wrong codes tried against this row. */
    attempts: integer("attempts").notNull().default(0),
    expiresAt: timestamptz("expires_at").notNull(),
    /** Set when the right code was entered: the address became the user's. */
    verifiedAt: timestamptz("verified_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("email_verifications_user_idx").on(t.userId, t.createdAt),
    check("email_verifications_attempts_check", sql`${t.attempts} >= 0`),
    check("email_verifications_email_check", sql`${t.email} = lower(${t.email}) and position('@' in ${t.email}) > 1`),
  ],
);

/** Roles granted to users; an officer's role names its authority, an org admin's its organisation. */
export const userRoles = pgTable(
  "user_roles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
    authorityId: text("authority_id").references(() => authorities.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique("user_roles_grant_key").on(t.userId, t.role, t.authorityId, t.organisationId).nullsNotDistinct(),
    index("user_roles_authority_idx").on(t.authorityId),
    index("user_roles_organisation_idx").on(t.organisationId),
    check("user_roles_role_check", isOneOf(t.role, roles)),
    check(
      "user_roles_scope_check",
      sql`(${t.role} = 'officer') = (${t.authorityId} is not null) and (${t.role} = 'org_admin') = (${t.organisationId} is not null)`,
    ),
  ],
);
