import { setTimeout as sleep } from "node:timers/promises";
import { VisaFeeEscrow } from "@entrada/contracts";
import { chainBlocks, chainEvents, type Database, indexerCursors, type Transaction } from "@entrada/db";
import { and, desc, eq, gt, gte, lt, lte, max, sql } from "drizzle-orm";
import {
  type Address,
  type Block,
  BlockNotFoundError,
  type Chain,
  getAddress,
  type Hex,
  type PublicClient,
  type Transport,
} from "viem";
import {
  ChainChangedDuringSyncError,
  ChainError,
  ChainIdMismatchError,
  IndexerCursorMovedError,
  ReorgTooDeepError,
} from "../errors.ts";
import { eventArgsFromJson, eventArgsToJson } from "./eventArgsJson.ts";
import type { ChainEventHandler, IndexedEscrowEvent } from "./IndexedEscrowEvent.ts";

/** Parameters of {@link createIndexer}. */
export type CreateIndexerParameters = {
  db: Database;
  client: PublicClient<Transport, Chain>;
  /** The chain to index; the client's endpoint must serve it. */
  chainId: number;
  /** The `VisaFeeEscrow` whose logs to read. */
  escrow: Address;
  /** First block to read: the escrow's deployment block (a deployment's `startBlock`). */
  startBlock: bigint;
  /**
   * How deep a log must be before it is read: a number of confirmations, the block that holds the
   * log counting as the first (a log in block N is read once the head is N + confirmations − 1), or
   * `"finalized"` to read only up to the chain's finalized block. 0 reads as 1: a log exists only
   * once it is in a block, so no log has fewer than one confirmation.
   */
  confirmations: number | "finalized";
  /** Most blocks per `getLogs` range (providers cap ranges). Default 1000. */
  batchSize?: number;
  /**
   * Deepest reorg to roll back, in blocks behind the indexed head (default 256). Older blocks count
   * as final: their stored hashes are pruned, and a reorg below them throws {@link ReorgTooDeepError}.
   * With `confirmations: "finalized"` the finalized tag decides instead.
   */
  maxReorgDepth?: number;
  /** Applies new events and undoes removed ones, in the indexer's transaction. */
  handler: ChainEventHandler;
};

/**
 * What one {@link Indexer.syncOnce} did: read a range (`events` are the ones new to the database),
 * found nothing to read, or rolled back a reorg to `forkBlock`, the last block still on the chain.
 */
export type SyncOnceReturnType =
  | { type: "synced"; from: bigint; to: bigint; events: IndexedEscrowEvent[] }
  | { type: "idle" }
  | { type: "reorg"; forkBlock: bigint; removed: IndexedEscrowEvent[] };

/** Parameters of {@link Indexer.run}. */
export type IndexerRunParameters = {
  /** Stops the loop; `run` then resolves. */
  signal: AbortSignal;
  /** Pause after an idle sync or a retryable error, in ms. */
  intervalMs: number;
  /** Told about each error the loop survives (RPC or database failures, a handler's throw). */
  onError?: (error: unknown) => void;
};

/** What {@link createIndexer} returns. */
export type Indexer = {
  /** Checks the cursor block for a reorg, then reads the next range behind the confirmation depth. */
  syncOnce(): Promise<SyncOnceReturnType>;
  /**
   * Syncs until `signal` aborts: at once again after a range or a rollback, after `intervalMs` when
   * idle or after an error it can retry. Rejects on an error an operator must handle
   * ({@link ReorgTooDeepError}, {@link ChainIdMismatchError}).
   */
  run(parameters: IndexerRunParameters): Promise<void>;
};

/** Rows per insert: far below PostgreSQL's 65,535 parameters per statement. */
const insertChunk = 500;

/**
 * The escrow indexer of one chain: reads `VisaFeeEscrow` logs with `getLogs` in block ranges behind
 * the confirmation depth and, in one database transaction per range, stores them in `chain_events`
 * (idempotent on `(chain_id, tx_hash, log_index)`), stores the hashes of the blocks it relied on in
 * `chain_blocks`, hands the events not seen before to `handler.onEvents`, and advances
 * `indexer_cursors`. Re-reading blocks (a reset cursor, two processes) never repeats an event.
 *
 * Reorgs: before each range the stored hash of the cursor block is compared with the chain's. When
 * it differs, the indexer walks back through its stored blocks to the highest one still on the chain
 * (the fork point; a block hash commits to all its ancestors) and, in one transaction, marks the
 * events above it `removed` (rows are kept for the audit trail, and revived if the same log comes
 * back), passes them to `handler.onRollback`, deletes the stale blocks and moves the cursor back.
 * The next sync reads the new chain from there.
 *
 * A range is stored only if the chain did not change while it was read (the range's last block and
 * the cursor block keep their hashes, and every log's block hash matches its block); else
 * {@link ChainChangedDuringSyncError}, retried by `run`. Several processes may run the same indexer:
 * the cursor only moves from the position a transaction started from.
 *
 * @example
 * const indexer = createIndexer({
 *   db, client, chainId: 8453, escrow: deployment.escrow, startBlock: BigInt(deployment.startBlock),
 *   confirmations: 3, handler: applicationEventHandler,
 * });
 * await indexer.run({ signal: shutdown.signal, intervalMs: 2_000, onError: (error) => log.warn({ err: error }) });
 */
export function createIndexer(parameters: CreateIndexerParameters): Indexer {
  const { db, client, chainId, startBlock, confirmations, handler } = parameters;
  const { batchSize = 1000, maxReorgDepth = 256 } = parameters;
  if (confirmations !== "finalized" && (!Number.isSafeInteger(confirmations) || confirmations < 0)) {
    throw new RangeError(
      `createIndexer: confirmations must be a whole number ≥ 0 or "finalized", got ${confirmations}`,
    );
  }
  for (const [name, value] of [
    ["batchSize", batchSize],
    ["maxReorgDepth", maxReorgDepth],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`createIndexer: ${name} must be a whole number ≥ 1, got ${value}`);
    }
  }
  if (startBlock < 0n) throw new RangeError(`createIndexer: startBlock must be ≥ 0, got ${startBlock}`);
  if (client.chain !== undefined && client.chain.id !== chainId) {
    throw new ChainIdMismatchError({ expected: chainId, actual: client.chain.id });
  }

  const escrow = getAddress(parameters.escrow);
  const address = escrow.toLowerCase() as Hex;
  const cursorKey = and(eq(indexerCursors.chainId, chainId), eq(indexerCursors.address, address));
  const ownBlocks = and(eq(chainBlocks.chainId, chainId), eq(chainBlocks.address, address));
  const ownEvents = and(eq(chainEvents.chainId, chainId), eq(chainEvents.address, address));

  let chainChecked: Promise<void> | undefined;
  function checkChain(): Promise<void> {
    chainChecked ??= client.getChainId().then((actual) => {
      if (actual !== chainId) throw new ChainIdMismatchError({ expected: chainId, actual });
    });
    chainChecked.catch(() => {
      chainChecked = undefined;
    });
    return chainChecked;
  }

  /** The chain's hash of block `number` now, or `undefined` when the chain is shorter. */
  async function hashAt(number: bigint): Promise<Hex | undefined> {
    try {
      return (await client.getBlock({ blockNumber: number })).hash;
    } catch (error) {
      if (error instanceof BlockNotFoundError) return undefined;
      throw error;
    }
  }

  /** The newest block whose logs have the confirmations asked for. */
  async function safeHead(): Promise<bigint> {
    if (confirmations === "finalized") return (await client.getBlock({ blockTag: "finalized" })).number;
    // The head itself is the first confirmation of its own logs: on an automining node a payment's
    // block may be the last one for a long time, and must not wait for a block nobody mines.
    return (await client.getBlockNumber({ cacheTime: 0 })) - BigInt(Math.max(confirmations - 1, 0));
  }

  type Cursor = typeof indexerCursors.$inferSelect;

  /** Moves the cursor from `previous` (as this sync read it) to `next`, or deletes it; else another process moved it. */
  async function moveCursor(
    tx: Transaction,
    previous: Cursor | undefined,
    next: Pick<Cursor, "blockNumber" | "blockHash" | "finalizedBlockNumber"> | undefined,
  ): Promise<void> {
    const unchanged = previous
      ? and(
          cursorKey,
          eq(indexerCursors.blockNumber, previous.blockNumber),
          eq(indexerCursors.blockHash, previous.blockHash),
        )
      : undefined;
    let moved: unknown[];
    if (previous === undefined) {
      moved = await tx
        .insert(indexerCursors)
        .values({ chainId, address, ...next! })
        .onConflictDoNothing()
        .returning();
    } else if (next === undefined) {
      moved = await tx.delete(indexerCursors).where(unchanged).returning();
    } else {
      moved = await tx.update(indexerCursors).set(next).where(unchanged).returning();
    }
    if (moved.length === 0) throw new IndexerCursorMovedError({ chainId, address: escrow });
  }

  async function rollback(cursor: Cursor): Promise<SyncOnceReturnType> {
    const stored = await db
      .select({ number: chainBlocks.number, hash: chainBlocks.hash })
      .from(chainBlocks)
      .where(
        and(
          ownBlocks,
          lte(chainBlocks.number, cursor.blockNumber),
          gte(chainBlocks.number, cursor.finalizedBlockNumber),
        ),
      )
      .orderBy(desc(chainBlocks.number));
    let fork: { number: bigint; hash: Hex } | undefined;
    for (const block of stored) {
      if ((await hashAt(block.number)) === block.hash) {
        fork = block;
        break;
      }
    }
    // Nothing stored still matches: below the final block is beyond repair; before anything was
    // final (no anchor block yet), everything since the start block is re-read.
    if (fork === undefined && cursor.finalizedBlockNumber >= startBlock) {
      throw new ReorgTooDeepError({ chainId, address: escrow, finalizedBlock: cursor.finalizedBlockNumber });
    }
    const forkBlock = fork?.number ?? startBlock - 1n;
    return db.transaction(async (tx) => {
      const rows = await tx
        .update(chainEvents)
        .set({ removed: true })
        .where(and(ownEvents, eq(chainEvents.removed, false), gt(chainEvents.blockNumber, forkBlock)))
        .returning();
      const removed = rows
        .map(
          (row): IndexedEscrowEvent =>
            ({
              chainId,
              blockNumber: row.blockNumber,
              blockHash: row.blockHash,
              txHash: row.txHash,
              logIndex: row.logIndex,
              eventName: row.eventName,
              args: eventArgsFromJson(VisaFeeEscrow.abi, row.eventName, row.args),
            }) as IndexedEscrowEvent,
        )
        .sort((a, b) => -compareEvents(a, b));
      if (removed.length > 0) await handler.onRollback(tx, removed);
      await tx.delete(chainBlocks).where(and(ownBlocks, gt(chainBlocks.number, forkBlock)));
      await moveCursor(
        tx,
        cursor,
        fork && { blockNumber: fork.number, blockHash: fork.hash, finalizedBlockNumber: cursor.finalizedBlockNumber },
      );
      return { type: "reorg", forkBlock, removed };
    });
  }

  async function syncOnce(): Promise<SyncOnceReturnType> {
    await checkChain();
    const [cursor] = await db.select().from(indexerCursors).where(cursorKey);
    if (cursor !== undefined && (await hashAt(cursor.blockNumber)) !== cursor.blockHash) return rollback(cursor);

    const from = cursor === undefined ? startBlock : cursor.blockNumber + 1n;
    const head = await safeHead();
    if (head < from) return { type: "idle" };
    const to = head < from + BigInt(batchSize) - 1n ? head : from + BigInt(batchSize) - 1n;

    const end = await client.getBlock({ blockNumber: to });
    const logs = await client.getContractEvents({
      address: escrow,
      abi: VisaFeeEscrow.abi,
      fromBlock: from,
      toBlock: to,
      strict: true,
    });
    // Read after the logs: if these blocks kept their hashes, the logs are of this chain.
    const eventBlockNumbers = [...new Set(logs.map((log) => log.blockNumber))].filter((number) => number !== to);
    const [endAgain, cursorHash, ...eventBlocks] = await Promise.all([
      client.getBlock({ blockNumber: to }),
      cursor === undefined ? undefined : hashAt(cursor.blockNumber),
      ...eventBlockNumbers.map((blockNumber) => client.getBlock({ blockNumber })),
    ]);
    if (endAgain.hash !== end.hash) {
      throw new ChainChangedDuringSyncError({ blockNumber: to, expected: end.hash, actual: endAgain.hash });
    }
    if (cursor !== undefined && cursorHash !== cursor.blockHash) {
      throw new ChainChangedDuringSyncError({
        blockNumber: cursor.blockNumber,
        expected: cursor.blockHash,
        actual: cursorHash ?? "none",
      });
    }
    const blocks = new Map<bigint, Block<bigint, false, "latest">>([[to, endAgain]]);
    for (const block of eventBlocks) blocks.set(block.number, block);
    const events = logs
      .map((log): IndexedEscrowEvent => {
        const blockHash = blocks.get(log.blockNumber)!.hash;
        if (log.blockHash.toLowerCase() !== blockHash) {
          throw new ChainChangedDuringSyncError({
            blockNumber: log.blockNumber,
            expected: log.blockHash,
            actual: blockHash,
          });
        }
        return {
          chainId,
          blockNumber: log.blockNumber,
          blockHash,
          txHash: log.transactionHash.toLowerCase() as Hex,
          logIndex: log.logIndex,
          eventName: log.eventName,
          args: log.args,
        } as IndexedEscrowEvent;
      })
      .sort(compareEvents);

    return db.transaction(async (tx) => {
      const stored = new Set<string>();
      for (let i = 0; i < events.length; i += insertChunk) {
        const rows = await tx
          .insert(chainEvents)
          .values(
            events.slice(i, i + insertChunk).map((event) => ({
              chainId,
              address,
              blockNumber: event.blockNumber,
              blockHash: event.blockHash,
              blockTimestamp: new Date(Number(blocks.get(event.blockNumber)!.timestamp) * 1000),
              txHash: event.txHash,
              logIndex: event.logIndex,
              eventName: event.eventName,
              args: eventArgsToJson(event.args),
            })),
          )
          // New logs are inserted; a log a reorg removed comes back to life; a known log is left alone.
          .onConflictDoUpdate({
            target: [chainEvents.chainId, chainEvents.txHash, chainEvents.logIndex],
            set: {
              removed: false,
              blockNumber: sql`excluded.block_number`,
              blockHash: sql`excluded.block_hash`,
              blockTimestamp: sql`excluded.block_timestamp`,
              eventName: sql`excluded.event_name`,
              args: sql`excluded.args`,
            },
            setWhere: eq(chainEvents.removed, true),
          })
          .returning({ txHash: chainEvents.txHash, logIndex: chainEvents.logIndex });
        for (const row of rows) stored.add(`${row.txHash}:${row.logIndex}`);
      }
      const fresh = events.filter((event) => stored.has(`${event.txHash}:${event.logIndex}`));

      await tx
        .insert(chainBlocks)
        .values(
          [...blocks.values()].map((block) => ({
            chainId,
            address,
            number: block.number,
            hash: block.hash,
            parentHash: block.parentHash,
            timestamp: new Date(Number(block.timestamp) * 1000),
          })),
        )
        .onConflictDoUpdate({
          target: [chainBlocks.chainId, chainBlocks.address, chainBlocks.number],
          set: { hash: sql`excluded.hash`, parentHash: sql`excluded.parent_hash`, timestamp: sql`excluded.timestamp` },
        });
      if (fresh.length > 0) await handler.onEvents(tx, fresh);

      // The final block is always one of the stored blocks, so a reorg below it is noticed.
      let finalized = cursor?.finalizedBlockNumber ?? startBlock - 1n;
      if (confirmations === "finalized") {
        finalized = to;
      } else {
        const [deepest] = await tx
          .select({ number: max(chainBlocks.number) })
          .from(chainBlocks)
          .where(and(ownBlocks, lte(chainBlocks.number, to - BigInt(maxReorgDepth))));
        if (deepest?.number != null && deepest.number > finalized) finalized = deepest.number;
      }
      await moveCursor(tx, cursor, { blockNumber: to, blockHash: end.hash, finalizedBlockNumber: finalized });
      await tx.delete(chainBlocks).where(and(ownBlocks, lt(chainBlocks.number, finalized)));
      return { type: "synced", from, to, events: fresh };
    });
  }

  async function run({ signal, intervalMs, onError }: IndexerRunParameters): Promise<void> {
    while (!signal.aborted) {
      let result: SyncOnceReturnType;
      try {
        result = await syncOnce();
      } catch (error) {
        if (error instanceof ChainError && !error.retryable) throw error;
        onError?.(error);
        result = { type: "idle" };
      }
      if (result.type === "idle") await sleep(intervalMs, undefined, { signal }).catch(() => {});
    }
  }

  return { syncOnce, run };
}

/** Chain order: block, then log index. */
function compareEvents(a: IndexedEscrowEvent, b: IndexedEscrowEvent): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}
