import { chainBlocks, chainEvents, type Database, indexerCursors, relayerTransactions } from "@entrada/db";
import { and, asc, desc, eq } from "drizzle-orm";
import {
  BlockNotFoundError,
  type Chain,
  type Hex,
  type PublicClient,
  TransactionReceiptNotFoundError,
  type Transport,
} from "viem";

/** Parameters of {@link detectChainReset}. */
export type DetectChainResetParameters = {
  db: Database;
  client: PublicClient<Transport, Chain>;
  chainId: number;
};

/** Transactions looked up on the node, newest first: enough to tell, few enough to start fast. */
const sampleSize = 20;

/**
 * Whether the node no longer has the history the database indexed for `chainId`: a local node
 * started afresh (`npm run chain` again, which deploys the demo at the same addresses) while the
 * database still holds what the old chain did.
 *
 * The indexer's cursor block is the first test: when the node still has it, with the same hash,
 * nothing was lost (a hash commits to the whole chain before it). When it does not, the chain either
 * reorganised or was reset. A fresh node may mine the same deployment into the very same blocks
 * (Hardhat keeps its genesis across `hardhat_reset`, and blocks of the same transactions and time
 * have the same hash), so hashes alone cannot tell past the deployment: the transactions can. It was
 * reset when the oldest block the indexer anchors reorgs on is gone, or when a transaction the
 * database saw mined (an indexed escrow event's, a relayed one) is unknown to the node. Nothing
 * indexed yet: nothing to tell, `false`.
 *
 * For the local chain only: there a reorg that drops a mined transaction happens only by hand
 * (`evm_revert`), while on a real chain it must be rolled back by the indexer, never taken for a
 * reset that forgets payments.
 *
 * @example
 * if (await detectChainReset({ db, client, chainId: 31337 })) await reconcileLostChain({ … });
 */
export async function detectChainReset({ db, client, chainId }: DetectChainResetParameters): Promise<boolean> {
  const cursors = await db.select().from(indexerCursors).where(eq(indexerCursors.chainId, chainId));
  if (cursors.length === 0) return false;
  for (const cursor of cursors) {
    if ((await hashAt(client, cursor.blockNumber)) === cursor.blockHash) return false;
  }
  const [oldest] = await db
    .select({ number: chainBlocks.number, hash: chainBlocks.hash })
    .from(chainBlocks)
    .where(eq(chainBlocks.chainId, chainId))
    .orderBy(asc(chainBlocks.number))
    .limit(1);
  if (oldest === undefined || (await hashAt(client, oldest.number)) !== oldest.hash) return true;

  const indexed = await db
    .select({ hash: chainEvents.txHash })
    .from(chainEvents)
    .where(and(eq(chainEvents.chainId, chainId), eq(chainEvents.removed, false)))
    .orderBy(desc(chainEvents.blockNumber))
    .limit(sampleSize);
  const relayed = await db
    .select({ hash: relayerTransactions.hash })
    .from(relayerTransactions)
    .where(and(eq(relayerTransactions.chainId, chainId), eq(relayerTransactions.status, "mined")))
    .orderBy(desc(relayerTransactions.id))
    .limit(sampleSize);
  for (const { hash } of [...indexed, ...relayed]) {
    if (!(await isMined(client, hash))) return true;
  }
  return false;
}

/** The node's hash of block `number`, or `undefined` when its chain is shorter. */
async function hashAt(client: PublicClient<Transport, Chain>, number: bigint): Promise<Hex | undefined> {
  try {
    return (await client.getBlock({ blockNumber: number })).hash;
  } catch (error) {
    if (error instanceof BlockNotFoundError) return undefined;
    throw error;
  }
}

/** Whether the node has a receipt of transaction `hash`. */
async function isMined(client: PublicClient<Transport, Chain>, hash: Hex): Promise<boolean> {
  try {
    await client.getTransactionReceipt({ hash });
    return true;
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return false;
    throw error;
  }
}
