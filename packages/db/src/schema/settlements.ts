import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { applications } from "./applications.ts";
import { createdAt, type Hex, isHex, isHexData, isOneOf, timestamptz, updatedAt } from "./columns.ts";
import { quotes } from "./quotes.ts";

/**
 * The escrow call a settlement job makes: `release` pays the authority (an approval), `refund` pays
 * the payer back (a rejection), both sent by the authority's settler; `claim` is `claimExpired`,
 * which anyone may send and which pays the payer back after the decision deadline.
 */
export const settlementKinds = ["release", "refund", "claim"] as const;
/** The escrow call of a settlement job. */
export type SettlementKind = (typeof settlementKinds)[number];

/**
 * Life of a settlement job:
 * - `queued`: to be sent, at `next_attempt_at` (at once, or after a failure that may pass: the RPC
 *   down, a nonce taken, the relayer busy);
 * - `sent`: the relayer holds its transaction (`tx_hash`); checked again at `next_attempt_at` until
 *   it is mined;
 * - `succeeded`: mined and successful (the indexer moves the application on, as for any escrow event);
 * - `blocked`: it cannot succeed as it is (the call would revert, no settler key): it waits for an
 *   operator, with the reason in `last_error_code`/`last_error_message`; never retried blindly, except
 *   at `next_attempt_at` when its reason is one that lifts by itself and is re-checked;
 * - `cancelled`: no longer wanted (the application expired before its release was sent, or its
 *   quote was voided).
 */
export const settlementJobStatuses = ["queued", "sent", "succeeded", "blocked", "cancelled"] as const;
/** The state of a settlement job. */
export type SettlementJobStatus = (typeof settlementJobStatuses)[number];

/**
 * Escrow settlements owed by a decision or an expiry, recorded in the same transaction as the
 * decision (or the expiry) and sent by the settlement worker, so that neither a crash nor a relayer
 * outage loses one. One live job per application and kind; the relayer key (`release:<digest>`, …)
 * makes the chain side idempotent, so a job sent twice pays once.
 */
export const settlementJobs = pgTable(
  "settlement_jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      // An application is deleted only when nothing was paid (erasure), so it has no job worth keeping.
      .references(() => applications.id, { onDelete: "cascade" }),
    /** The paid quote settled: the escrow record's terms. */
    quoteId: uuid("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: settlementKinds }).notNull(),
    chainId: integer("chain_id").notNull(),
    /** The relayer's idempotency key: `<kind>:<quote digest>`. */
    relayerKey: text("relayer_key").notNull(),
    /** The escrow. */
    to: text("to_address").$type<Hex>().notNull(),
    /** The calldata of the escrow call. */
    data: text("data").$type<Hex>().notNull(),
    status: text("status", { enum: settlementJobStatuses }).notNull().default("queued"),
    /** Sends tried so far (checks of a sent transaction are not counted). */
    attempts: integer("attempts").notNull().default(0),
    /** When a worker takes it next; `null` when nothing is due (succeeded, cancelled, blocked for good). */
    nextAttemptAt: timestamptz("next_attempt_at"),
    /** The worker working it, until `locked_until`; past it another worker may take it. */
    lockedBy: text("locked_by"),
    lockedUntil: timestamptz("locked_until"),
    /** Why it is blocked, or why the last attempt failed: a stable code (docs/errors.md) and words. */
    lastErrorCode: text("last_error_code"),
    lastErrorMessage: text("last_error_message"),
    /** The relayer's transaction, once sent; the mined one at the end. */
    txHash: text("tx_hash").$type<Hex>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** First handed to the relayer. */
    sentAt: timestamptz("sent_at"),
    /** Succeeded, blocked or cancelled. */
    finishedAt: timestamptz("finished_at"),
  },
  (t) => [
    uniqueIndex("settlement_jobs_relayer_key_key").on(t.relayerKey),
    // One live job per application and kind; a cancelled one stays for the record.
    uniqueIndex("settlement_jobs_live_key").on(t.applicationId, t.kind).where(sql`${t.status} <> 'cancelled'`),
    index("settlement_jobs_due_idx").on(t.nextAttemptAt, t.id).where(sql`${t.nextAttemptAt} is not null`),
    index("settlement_jobs_status_idx").on(t.status, t.createdAt),
    check("settlement_jobs_kind_check", isOneOf(t.kind, settlementKinds)),
    check("settlement_jobs_status_check", isOneOf(t.status, settlementJobStatuses)),
    check("settlement_jobs_relayer_key_check", sql`char_length(${t.relayerKey}) between 1 and 255`),
    check("settlement_jobs_to_check", isHex(t.to, 20)),
    check("settlement_jobs_data_check", isHexData(t.data)),
    check("settlement_jobs_tx_hash_check", sql`${t.txHash} is null or ${isHex(t.txHash, 32)}`),
    check("settlement_jobs_attempts_check", sql`${t.attempts} >= 0`),
    check("settlement_jobs_blocked_reason_check", sql`${t.status} <> 'blocked' or ${t.lastErrorCode} is not null`),
  ],
);
