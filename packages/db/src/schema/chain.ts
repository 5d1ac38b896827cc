import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { createdAt, type Hex, isHex, type Json, timestamptz, updatedAt } from "./columns.ts";

/**
 * Contract logs the indexer has seen, idempotent on `(chain_id, tx_hash, log_index)`. A log dropped by
 * a reorg keeps its row with `removed = true`, and is revived (with its new block) if the same log
 * comes back on the new chain. `args` are the decoded arguments with bigints as decimal strings.
 */
export const chainEvents = pgTable(
  "chain_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    chainId: integer("chain_id").notNull(),
    /** The contract that emitted the log. */
    address: text("address").$type<Hex>().notNull(),
    blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
    blockHash: text("block_hash").$type<Hex>().notNull(),
    /**
     * The block's time, as the chain says: finance reconciles settlements by it (the authority's
     * reconciliation CSV). Rows from before migration 0016 hold the block's time when its header was
     * still stored, else when the indexer read the log.
     */
    blockTimestamp: timestamptz("block_timestamp").notNull(),
    txHash: text("tx_hash").$type<Hex>().notNull(),
    logIndex: integer("log_index").notNull(),
    eventName: text("event_name").notNull(),
    args: jsonb("args").$type<Json>().notNull(),
    removed: boolean("removed").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    unique("chain_events_log_key").on(t.chainId, t.txHash, t.logIndex),
    index("chain_events_block_idx").on(t.chainId, t.blockNumber),
    // The reconciliation CSV reads an authority's settlements of a time range, in block time order.
    index("chain_events_settlement_time_idx")
      .on(t.blockTimestamp, t.id)
      .where(sql`${t.eventName} in ('EscrowReleased', 'EscrowRefunded', 'EscrowClaimed') and not ${t.removed}`),
    check("chain_events_address_check", isHex(t.address, 20)),
    check("chain_events_block_hash_check", isHex(t.blockHash, 32)),
    check("chain_events_tx_hash_check", isHex(t.txHash, 32)),
  ],
);

/** How far the indexer has read, per chain and contract. */
export const indexerCursors = pgTable(
  "indexer_cursors",
  {
    chainId: integer("chain_id").notNull(),
    address: text("address").$type<Hex>().notNull(),
    /** Last block whose logs are stored. */
    blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
    blockHash: text("block_hash").$type<Hex>().notNull(),
    /** Last block known final: nothing at or below it can be reorged. */
    finalizedBlockNumber: bigint("finalized_block_number", { mode: "bigint" }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "indexer_cursors_pkey", columns: [t.chainId, t.address] }),
    check("indexer_cursors_address_check", isHex(t.address, 20)),
    check("indexer_cursors_block_hash_check", isHex(t.blockHash, 32)),
  ],
);

/**
 * The block headers an indexer relied on, per chain and contract (each indexer keeps its own, so one
 * indexer never judges a reorg by blocks another stored): the last block of each range it read and
 * every block holding one of its logs. A stored hash that no longer matches the chain is a reorg; the
 * highest block that still matches is the fork point. Blocks below the cursor's finalized block are
 * pruned.
 */
export const chainBlocks = pgTable(
  "chain_blocks",
  {
    chainId: integer("chain_id").notNull(),
    /** The contract of the indexer that stored the block (its `indexer_cursors` row). */
    address: text("address").$type<Hex>().notNull(),
    number: bigint("number", { mode: "bigint" }).notNull(),
    hash: text("hash").$type<Hex>().notNull(),
    parentHash: text("parent_hash").$type<Hex>().notNull(),
    timestamp: timestamptz("timestamp").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "chain_blocks_pkey", columns: [t.chainId, t.address, t.number] }),
    check("chain_blocks_address_check", isHex(t.address, 20)),
    check("chain_blocks_hash_check", isHex(t.hash, 32)),
    check("chain_blocks_parent_hash_check", isHex(t.parentHash, 32)),
  ],
);
