import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { authorities } from "./catalogue.ts";
import { bytea, createdAt, timestamptz } from "./columns.ts";
import { organisations, users } from "./users.ts";

/** Nonces handed out for Sign-In with Ethereum (EIP-4361); each is consumed by one sign-in. */
export const siweNonces = pgTable(
  "siwe_nonces",
  {
    nonce: text("nonce").primaryKey(),
    createdAt: createdAt(),
    expiresAt: timestamptz("expires_at").notNull(),
    /** Set when a sign-in consumed the nonce; a second use is a replay. */
    usedAt: timestamptz("used_at"),
  },
  (t) => [index("siwe_nonces_expires_idx").on(t.expiresAt)],
);

/** Browser sessions. Only a hash of the cookie's token is stored, so a database leak opens no session. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 of the session token. */
    tokenHash: bytea("token_hash").notNull().unique(),
    /** The SIWE nonce the session was opened with, if any. */
    siweNonce: text("siwe_nonce").unique(),
    createdAt: createdAt(),
    expiresAt: timestamptz("expires_at").notNull(),
    lastSeenAt: timestamptz("last_seen_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/**
 * API keys for authority and organisation systems. The key is shown once; the database keeps its
 * public prefix (to find it and show it) and a SHA-256 hash (keys are random, so a fast hash is enough).
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Public start of the key, e.g. `ek_3f9a1c`, shown in lists. */
    prefix: text("prefix").notNull().unique(),
    keyHash: bytea("key_hash").notNull().unique(),
    name: text("name").notNull(),
    /** The user who created the key. */
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    authorityId: text("authority_id").references(() => authorities.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    /**
     * What the key may do within its authority or organisation (`applications:read`,
     * `documents:read`, `applications:decide`, `webhooks:manage`; apps/server's `apiKeyScopes`).
     * Keys created before scopes existed hold all of them.
     */
    scopes: text("scopes").array().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [
    index("api_keys_owner_idx").on(t.ownerId),
    check("api_keys_scope_check", sql`(${t.authorityId} is null) <> (${t.organisationId} is null)`),
  ],
);
