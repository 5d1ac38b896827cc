import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { applications } from "./applications.ts";
import { createdAt, type Hex, isHex, isOneOf, money, timestamptz, updatedAt } from "./columns.ts";
import { quotes } from "./quotes.ts";

/** A payment is seen (pending), then deep enough (confirmed), or dropped by a reorg (reorged). */
export const paymentStatuses = ["pending", "confirmed", "reorged"] as const;
/** The state of a payment. */
export type PaymentStatus = (typeof paymentStatuses)[number];

/** Escrow payments seen on chain, one per `Paid` log. */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    quoteId: uuid("quote_id").references(() => quotes.id),
    chainId: integer("chain_id").notNull(),
    txHash: text("tx_hash").$type<Hex>().notNull(),
    logIndex: integer("log_index").notNull(),
    payer: text("payer").$type<Hex>().notNull(),
    token: text("token").$type<Hex>().notNull(),
    /** Total pulled from the payer, in token minor units. */
    amount: money("amount").notNull(),
    status: text("status", { enum: paymentStatuses }).notNull().default("pending"),
    blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
    blockHash: text("block_hash").$type<Hex>().notNull(),
    confirmations: integer("confirmations").notNull().default(0),
    confirmedAt: timestamptz("confirmed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("payments_log_key").on(t.chainId, t.txHash, t.logIndex),
    index("payments_application_idx").on(t.applicationId),
    index("payments_pending_idx").on(t.chainId, t.blockNumber).where(sql`${t.status} = 'pending'`),
    check("payments_tx_hash_check", isHex(t.txHash, 32)),
    check("payments_block_hash_check", isHex(t.blockHash, 32)),
    check("payments_payer_check", isHex(t.payer, 20)),
    check("payments_token_check", isHex(t.token, 20)),
    check("payments_amount_check", sql`${t.amount} > 0`),
    check("payments_status_check", isOneOf(t.status, paymentStatuses)),
  ],
);
