import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, type Hex, isHex, isHexData, isOneOf, money, timestamptz, updatedAt } from "./columns.ts";

/**
 * A relayed transaction is pending until a receipt shows it mined (success) or failed (reverted); it
 * is replaced when its nonce was used by a transaction the relayer did not send for it.
 */
export const relayerTransactionStatuses = ["pending", "mined", "failed", "replaced"] as const;
/** The state of a relayed transaction. */
export type RelayerTransactionStatus = (typeof relayerTransactionStatuses)[number];

/**
 * Transactions the relayer signs and sends (gasless payments, settlements), one per idempotency `key`
 * (the quote digest, `release:<applicationId>`, …): a second send with the same key gets this row back
 * and never sends again. A gas bump re-signs the same nonce with higher fees, so one row holds every
 * hash sent (`hashes`) and the latest (`hash`); the one that was mined ends up in `hash`. Addresses,
 * hashes and data are lower-case hex.
 */
export const relayerTransactions = pgTable(
  "relayer_transactions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Idempotency key, at most 255 characters. */
    key: text("key").notNull(),
    chainId: integer("chain_id").notNull(),
    from: text("from_address").$type<Hex>().notNull(),
    to: text("to_address").$type<Hex>().notNull(),
    data: text("data").$type<Hex>().notNull(),
    /** Native currency sent along, in wei. */
    value: money("value").notNull().default(sql`0`),
    nonce: bigint("nonce", { mode: "number" }).notNull(),
    /** Gas limit. */
    gas: bigint("gas", { mode: "bigint" }).notNull(),
    /** EIP-1559 fees of the latest version, in wei per gas. */
    maxFeePerGas: money("max_fee_per_gas").notNull(),
    maxPriorityFeePerGas: money("max_priority_fee_per_gas").notNull(),
    /** The latest version sent; once mined, the version that was mined. */
    hash: text("hash").$type<Hex>().notNull(),
    /** Every version sent, oldest first. */
    hashes: text("hashes").array().$type<Hex[]>().notNull(),
    status: text("status", { enum: relayerTransactionStatuses }).notNull().default("pending"),
    /** Broadcasts so far, first send, re-broadcasts and replacements included. */
    attempts: integer("attempts").notNull().default(1),
    /** Why it failed (the decoded revert, `EscrowAlreadyPaid(0x…)`), or the last broadcast error. */
    error: text("error"),
    blockNumber: bigint("block_number", { mode: "bigint" }),
    gasUsed: bigint("gas_used", { mode: "bigint" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Last broadcast; a pending transaction older than the relayer's bump delay is re-sent. */
    sentAt: timestamptz("sent_at").notNull(),
    /** When the relayer saw the receipt (or the nonce used by another transaction). */
    settledAt: timestamptz("settled_at"),
  },
  (t) => [
    uniqueIndex("relayer_transactions_key_key").on(t.key),
    // Two pending transactions of one account can never share a nonce, even sent by two processes.
    uniqueIndex("relayer_transactions_pending_nonce_key")
      .on(t.chainId, t.from, t.nonce)
      .where(sql`${t.status} = 'pending'`),
    index("relayer_transactions_account_idx").on(t.chainId, t.from, t.status, t.nonce),
    check("relayer_transactions_key_check", sql`char_length(${t.key}) between 1 and 255`),
    check("relayer_transactions_from_check", isHex(t.from, 20)),
    check("relayer_transactions_to_check", isHex(t.to, 20)),
    check("relayer_transactions_data_check", isHexData(t.data)),
    check("relayer_transactions_hash_check", isHex(t.hash, 32)),
    check("relayer_transactions_nonce_check", sql`${t.nonce} >= 0`),
    check("relayer_transactions_attempts_check", sql`${t.attempts} >= 1`),
    check("relayer_transactions_status_check", isOneOf(t.status, relayerTransactionStatuses)),
  ],
);
