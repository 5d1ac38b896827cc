import type { Indexer } from "@entrada/chain";
import { type Database, indexerCursors } from "@entrada/db";
import { and, eq } from "drizzle-orm";
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
import type { Metrics } from "../createMetrics.ts";
import type { SupervisedLoop } from "../createSupervisor.ts";

/** Parameters of {@link createIndexerLoop}. */
export type CreateIndexerLoopParameters = {
  /** The chain's indexer (`createIndexer` of @entrada/chain). */
  indexer: Pick<Indexer, "syncOnce">;
  db: Database;
  client: PublicClient<Transport, Chain>;
  chainId: number;
  /** The escrow the indexer reads: its cursor row is `(chainId, escrow)`. */
  escrow: Address;
  /** The escrow's deployment block: the cursor starts just below it. */
  startBlock: bigint;
  /** Wait after a sync that found nothing new, in ms. */
  intervalMs: number;
  metrics: Metrics;
};

/**
 * The indexer of one chain as a supervised loop (`indexer:<chainId>`): each tick is one
 * `syncOnce`, and a range read or a reorg rolled back means more may follow at once. The supervisor
 * decides about errors: a reorg mid-read or an RPC failure is retried with backoff, a reorg below
 * the final block (`ENTRADA_REORG_TOO_DEEP`) or the wrong chain stops the process. Its lag is the
 * distance from the chain's head to the cursor (`blocksBehindHead`; `confirmations − 1` when caught
 * up), also the `entrada_indexer_*` metrics.
 *
 * @example
 * supervisor.start(createIndexerLoop({ indexer, db, client, chainId, escrow, startBlock, intervalMs: 1_000, metrics }));
 */
export function createIndexerLoop(parameters: CreateIndexerLoopParameters): SupervisedLoop {
  const { indexer, db, client, chainId, startBlock, intervalMs, metrics } = parameters;
  const address = parameters.escrow.toLowerCase() as Hex;
  return {
    name: `indexer:${chainId}`,
    intervalMs,
    async tick() {
      const result = await indexer.syncOnce();
      return { busy: result.type !== "idle" };
    },
    async measure() {
      const [headBlock, [cursor]] = await Promise.all([
        client.getBlockNumber({ cacheTime: 0 }),
        db
          .select({ blockNumber: indexerCursors.blockNumber })
          .from(indexerCursors)
          .where(and(eq(indexerCursors.chainId, chainId), eq(indexerCursors.address, address))),
      ]);
      // Before the first range is stored, everything since the deployment is behind.
      const lastBlock = cursor?.blockNumber ?? startBlock - 1n;
      metrics.setIndexer({ chainId, headBlock, lastBlock });
      const behind = headBlock > lastBlock ? headBlock - lastBlock : 0n;
      return { headBlock: Number(headBlock), lastBlock: Number(lastBlock), blocksBehindHead: Number(behind) };
    },
  };
}
