import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { money, timestamptz } from "./columns.ts";

// The officer dashboard's rollups (GET /officer/stats, issue 12 item 10), kept by a statement trigger
// on `application_events` (migration 0015, which also counted the rows already there) so that the
// figures of a window read a row per day and a row per decision, never the audit trail. Each
// application's contribution is recounted from its own events whenever one of its counted events is
// written (`officer_stats_recount`): replays, repeats and reorg rollbacks in any order give what a
// recount of the whole trail gives (officerStats.test.ts). Never
// written by the application. Erasing an application (privacy) leaves its marks: the day's figures
// are aggregates and stay as they were.

/** The kinds of a day's activity: a submission, a confirmed payment, a decision (approve or reject). */
export const activityKinds = ["submitted", "paid", "decided"] as const;

/**
 * That an application had an event of `kind` on `day` (UTC): an application counts once a day per
 * kind, even when a reorg made its trail repeat the event.
 */
export const applicationDayMarks = pgTable(
  "application_day_marks",
  {
    applicationId: uuid("application_id").notNull(),
    kind: text("kind", { enum: activityKinds }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    authorityId: text("authority_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.kind, t.day] })],
);

/** Per authority and UTC day, the applications submitted, paid and decided: the sums of the marks. */
export const authorityDailyActivity = pgTable(
  "authority_daily_activity",
  {
    authorityId: text("authority_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    submitted: integer("submitted").notNull().default(0),
    paid: integer("paid").notNull().default(0),
    decided: integer("decided").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.authorityId, t.day] })],
);

/**
 * The fee an issued application released to its authority (its paid quotes' token amounts, per chain
 * and token), on the UTC day it became issued: the first `issue` after its last move out of
 * `issued` (a reorg rollback); none while it has left `issued` since its last `issue`.
 */
export const applicationFeeMarks = pgTable(
  "application_fee_marks",
  {
    applicationId: uuid("application_id").notNull(),
    chainId: integer("chain_id").notNull(),
    /** The token's address, lower case. */
    token: text("token").notNull(),
    authorityId: text("authority_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    amount: money("amount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.chainId, t.token] })],
);

/** Per authority, UTC day, chain and token: the fees released, in the token's minor units. */
export const authorityDailyFees = pgTable(
  "authority_daily_fees",
  {
    authorityId: text("authority_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    chainId: integer("chain_id").notNull(),
    token: text("token").notNull(),
    amount: money("amount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.authorityId, t.day, t.chainId, t.token] })],
);

/**
 * One row per decided application: its latest decision (approve or reject), its first confirmed
 * payment, and its product's service level, so that time-to-decision percentiles over a window read
 * the window's decisions in index order (index-only: every column the figures need is in the key).
 */
export const applicationDecisions = pgTable(
  "application_decisions",
  {
    applicationId: uuid("application_id").primaryKey(),
    authorityId: text("authority_id").notNull(),
    decidedAt: timestamptz("decided_at").notNull(),
    /** `null` while no payment is on the trail (the decision is then not timed). */
    paidAt: timestamptz("paid_at"),
    /** The product's published service level when the decision was counted. */
    serviceLevelHours: integer("service_level_hours").notNull(),
  },
  (t) => [
    index("application_decisions_authority_decided_idx").on(t.authorityId, t.decidedAt, t.paidAt, t.serviceLevelHours),
    check("application_decisions_service_level_check", sql`${t.serviceLevelHours} > 0`),
  ],
);
