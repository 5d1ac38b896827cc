import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, type Json, timestamptz } from "./columns.ts";

/**
 * `Idempotency-Key`s of POST requests, Stripe's way: a key (≤ 255 characters) is unique within its
 * scope (a user or an API key); a retry with the same request gets the stored response, the same key
 * with another request is an error. Rows live at least 24 hours (`expires_at`).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    /** Who sent the key: `user:<id>` or `api_key:<id>`. */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    /** Hash of method, path and body: the "same parameters" check. */
    requestHash: text("request_hash").notNull(),
    /** `null` while the first request is still running. */
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body").$type<Json>(),
    createdAt: createdAt(),
    /** While the first request runs, others with the key wait or get a conflict until then. */
    lockedUntil: timestamptz("locked_until"),
    completedAt: timestamptz("completed_at"),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [t.scope, t.key] }),
    index("idempotency_keys_expires_idx").on(t.expiresAt),
    check("idempotency_keys_key_check", sql`char_length(${t.key}) between 1 and 255`),
  ],
);
