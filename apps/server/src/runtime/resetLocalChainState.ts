import { chainBlocks, chainEvents, type Database, indexerCursors, relayerTransactions } from "@entrada/db";
import { eq } from "drizzle-orm";
import type { Logger } from "pino";

/**
 * The embedded local chain lives in memory: every start deploys the demo contracts again, at the
 * same addresses, on an empty chain (and a local node started afresh is the same case). What the
 * database derived from the previous chain (indexed events, block hashes, the cursor, relayed
 * transactions) no longer matches it and is cleared, so the indexer and the relayers start afresh.
 * Users, the catalogue and applications stay: `reconcileLostChain` first puts back the applications
 * whose payment was on the old chain. The cursor goes last, in the same transaction: it is how
 * `detectChainReset` tells, after a crash, that a node's chain was reset.
 *
 * @example
 * await reconcileLostChain({ db, chainId, client, escrow, clock, logger });
 * await resetLocalChainState(db, chainId, logger);
 */
export async function resetLocalChainState(db: Database, chainId: number, logger: Logger): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(relayerTransactions).where(eq(relayerTransactions.chainId, chainId));
    await tx.delete(chainEvents).where(eq(chainEvents.chainId, chainId));
    await tx.delete(chainBlocks).where(eq(chainBlocks.chainId, chainId));
    await tx.delete(indexerCursors).where(eq(indexerCursors.chainId, chainId));
  });
  logger.info({ chainId }, "local chain started fresh; chain-derived state cleared");
}
