import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, type Json, timestamptz } from "./columns.ts";

/**
 * Domain events written in the same transaction as the change they describe, then delivered by
 * workers (SSE, e-mail, SMS, webhooks). A row is pending while `processed_at` and `failed_at` are
 * null; a worker claims it by setting `locked_until` (see `claimOutbox`).
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** What happened, e.g. `application.paid`. */
    topic: text("topic").notNull(),
    /** The entity the event is about, e.g. an application id. */
    aggregateId: text("aggregate_id").notNull(),
    payload: jsonb("payload").$type<Json>().notNull(),
    createdAt: createdAt(),
    /** Not claimable before then (delayed events, retry backoff). */
    availableAt: timestamptz("available_at").notNull().defaultNow(),
    /** Claims so far, including the current one. */
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: timestamptz("locked_until"),
    lockedBy: text("locked_by"),
    processedAt: timestamptz("processed_at"),
    /** Set when the event ran out of attempts; it stays for inspection and manual retry. */
    failedAt: timestamptz("failed_at"),
    lastError: text("last_error"),
  },
  (t) => [
    index("outbox_pending_idx").on(t.availableAt, t.id).where(sql`${t.processedAt} is null and ${t.failedAt} is null`),
    index("outbox_pending_topic_idx")
      .on(t.topic, t.availableAt, t.id)
      .where(sql`${t.processedAt} is null and ${t.failedAt} is null`),
    index("outbox_aggregate_idx").on(t.aggregateId),
    check("outbox_attempts_check", sql`${t.attempts} >= 0`),
  ],
);
