import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { authorities } from "./catalogue.ts";
import { bytea, createdAt, isOneOf, timestamptz, updatedAt } from "./columns.ts";
import { outbox } from "./outbox.ts";
import { organisations, users } from "./users.ts";

/**
 * Webhook endpoints of authority and organisation systems. The signing secret must be usable to
 * compute `Entrada-Signature` HMACs, so it is encrypted (AES-256-GCM, like applicant data), not hashed.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The user who registered the endpoint. */
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    authorityId: text("authority_id").references(() => authorities.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    url: text("url").notNull(),
    /** Encrypted signing secret: nonce, ciphertext and tag. */
    secretCiphertext: bytea("secret_ciphertext").notNull(),
    /** Which master key encrypted the secret. */
    secretKeyId: text("secret_key_id").notNull(),
    /** Topics delivered, e.g. `application.paid`; empty means every topic. */
    events: text("events").array().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("webhook_endpoints_authority_idx").on(t.authorityId),
    index("webhook_endpoints_organisation_idx").on(t.organisationId),
    check("webhook_endpoints_scope_check", sql`(${t.authorityId} is null) <> (${t.organisationId} is null)`),
    check("webhook_endpoints_url_check", sql`${t.url} ~ '^https?://'`),
  ],
);

/** Where a webhook delivery stands. */
export const webhookDeliveryStatuses = ["pending", "delivered", "failed"] as const;

/**
 * The delivery log: one row per endpoint and outbox event (never two, so an event is never delivered
 * twice by two workers), updated on every attempt.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => outbox.id, { onDelete: "cascade" }),
    status: text("status", { enum: webhookDeliveryStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** HTTP status of the last attempt; `null` when no response came. */
    statusCode: integer("status_code"),
    lastError: text("last_error"),
    /** How long the last attempt took, request to response (or to the error). */
    durationMs: integer("duration_ms"),
    nextAttemptAt: timestamptz("next_attempt_at"),
    /**
     * While an attempt is in flight: the deliverer that claimed it holds it until then, so no other one
     * sends it too; past it (a crashed deliverer), the delivery is due again.
     */
    lockedUntil: timestamptz("locked_until"),
    deliveredAt: timestamptz("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("webhook_deliveries_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_event_idx").on(t.eventId),
    check("webhook_deliveries_status_check", isOneOf(t.status, webhookDeliveryStatuses)),
    check("webhook_deliveries_duration_check", sql`${t.durationMs} >= 0`),
  ],
);
