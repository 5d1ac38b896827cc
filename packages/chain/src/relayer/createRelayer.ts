import { type Database, isUniqueViolation, relayerTransactions } from "@entrada/db";
import { and, asc, eq, gte, inArray, max, ne } from "drizzle-orm";
import {
  type Abi,
  type AccessList,
  type Address,
  BaseError,
  type Chain,
  getAddress,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
  type Transport,
} from "viem";
import { sendRawTransaction } from "viem/actions";
import { ChainIdMismatchError, RelayedCallRevertedError, RelayerKeyConflictError } from "../errors.ts";
import { assertKeyAllowedOnChain } from "../keys/assertKeyAllowedOnChain.ts";
import { bumpFees, type FeeValues } from "./bumpFees.ts";
import { decodeRevertReason } from "./decodeRevertReason.ts";
import { escrowErrorAbi } from "./escrowErrorAbi.ts";
import { withAccountLock } from "./withAccountLock.ts";

/** A relayed transaction as stored in `relayer_transactions` (addresses, hashes and data lower-case). */
export type RelayerTransaction = typeof relayerTransactions.$inferSelect;

/** What to send, under an idempotency key. */
export type RelayRequest = {
  /** Names the action once and for all: the quote digest, `release:<applicationId>`, … (1–255 characters). */
  key: string;
  to: Address;
  data: Hex;
  /** Native currency to send along, in wei. Default 0. */
  value?: bigint;
};

/** Parameters of {@link createRelayer}. */
export type CreateRelayerParameters = {
  db: Database;
  client: PublicClient<Transport, Chain>;
  /** Signs locally (a private key or HD account); a well-known development key only on a development chain. */
  account: LocalAccount;
  /** The chain to relay on; the client's endpoint must serve it. */
  chainId: number;
  /** Now. Default the system clock; tests pass one they move. */
  clock?: () => Date;
  /** A transaction still pending this long after its last broadcast is re-sent with higher fees. */
  bumpAfterMs: number;
  /**
   * A bump never sets fees more than this percentage above what the node suggests at the time
   * (default 100: at most twice the market). See {@link bumpFees}.
   */
  maxFeeBumpPercent?: number;
  /** Decodes reverts (pre-flight and mined). Default {@link escrowErrorAbi}. */
  errorAbi?: Abi;
  /**
   * The EIP-2930 access list of a transaction (a settlement or a gasless payment on Circle's USDC:
   * `escrowAccessList` of @entrada/contracts), or `undefined` for none. Derived from the transaction at each signing, not
   * stored: the estimate, the first version, every bump and a re-send after a reorganisation carry it.
   * Default: none.
   */
  accessList?: (transaction: { to: Address; data: Hex }) => Promise<AccessList | undefined>;
};

/** What one {@link Relayer.tick} did, transaction by transaction. */
export type RelayerTickReturnType = {
  /** Receipts found: succeeded. */
  mined: number;
  /** Receipts found: reverted. */
  failed: number;
  /** Nonce used by a transaction the relayer did not send for it. */
  replaced: number;
  /** Re-signed with higher fees and sent. */
  bumped: number;
  /** Due for a bump but at the fee cap: the same version sent again. */
  rebroadcast: number;
  /** Still waiting, not yet due for a bump. */
  waiting: number;
  /**
   * Mined or failed before, but a chain reorganisation took the block that held it (its nonce is
   * free again): back to pending, and the same signed transaction sent again.
   */
  reorged: number;
};

/** What {@link createRelayer} returns. */
export type Relayer = {
  /** The relaying account. */
  address: Address;
  /**
   * Signs and sends the transaction once per key: a later call with the same key (concurrent, after
   * a restart, from another process) returns the stored record and sends nothing. Throws
   * {@link RelayerKeyConflictError} when the key was used for another transaction, and
   * {@link RelayedCallRevertedError} (recording nothing) when the call would revert. A broadcast the
   * node refused is recorded (pending, with `error`) and retried by {@link Relayer.tick}.
   */
  send(request: RelayRequest): Promise<RelayerTransaction>;
  /** The record of `key`, if any. */
  get(key: string): Promise<RelayerTransaction | undefined>;
  /**
   * Settles and bumps this account's pending transactions: marks them mined or failed from their
   * receipt (a revert with its decoded error), replaced when their nonce went to another transaction,
   * and re-sends those pending longer than `bumpAfterMs` with the same nonce and fees raised by at
   * least 12.5 %, up to the cap. First, it takes back the mined or failed transactions a chain
   * reorganisation removed (their nonce is unused again, no receipt is left): pending once more,
   * sent again as signed. Call it on an interval.
   */
  tick(): Promise<RelayerTickReturnType>;
};

/** Head room over the gas estimate: state may change between the estimate and inclusion. */
const gasHeadroomPercent = 120n;

/**
 * The relayer: submits gasless payments (`payWithAuthorization`) and settlements for one account,
 * idempotent per key, with nonce management and gas bumping, persisted in `relayer_transactions`.
 *
 * Nonces: one account's sends and ticks run one at a time in this process (a per-account lock), and
 * the next nonce is the larger of the node's pending nonce and the highest nonce in the database
 * plus one (a transaction the node dropped keeps its nonce, so no gap opens and none is reused; a
 * transaction a reorganisation removed keeps its nonce too, until `tick` sends it again). A second
 * process relaying with the same account is not coordinated beyond the database's refusal to hold
 * two pending transactions with one nonce: run one relayer per account.
 *
 * Reorganisations: a mined (or failed) transaction is on the chain as long as the account's nonce
 * count on the chain is above its nonce (nonces are used in order). When the count falls back to it
 * or below and none of its versions has a receipt, a reorganisation removed the block that held it:
 * `tick` makes it pending again and sends the same signed transaction, so the action it carries
 * (a payment, a settlement) still happens once — as the indexer, which rolled the action's event
 * back, expects.
 *
 * Every version of a transaction is recorded before it is broadcast, so a crash between the two
 * never loses track of a nonce. Refuses well-known development keys on a non-development chain.
 *
 * @example
 * const relayer = createRelayer({ db, client, account: privateKeyToAccount(RELAYER_KEY), chainId: 8453, bumpAfterMs: 30_000 });
 * const record = await relayer.send({ key: quoteDigest, to: escrow, data: payWithAuthorizationCalldata });
 * setInterval(() => relayer.tick(), 5_000);
 */
export function createRelayer(parameters: CreateRelayerParameters): Relayer {
  const { db, client, account, chainId, clock = () => new Date(), bumpAfterMs } = parameters;
  const { maxFeeBumpPercent = 100, errorAbi = escrowErrorAbi, accessList: accessListOf } = parameters;
  assertKeyAllowedOnChain(chainId, account.address);
  if (client.chain !== undefined && client.chain.id !== chainId) {
    throw new ChainIdMismatchError({ expected: chainId, actual: client.chain.id });
  }
  if (!Number.isSafeInteger(bumpAfterMs) || bumpAfterMs <= 0) {
    throw new RangeError(`createRelayer: bumpAfterMs must be a whole number of ms above 0, got ${bumpAfterMs}`);
  }
  // Fails now, not at the first bump, on an impossible cap.
  bumpFees({ current: zeroFees, market: zeroFees, maxFeeBumpPercent });

  const address = getAddress(account.address);
  const from = address.toLowerCase() as Hex;
  const lock = `${chainId}:${from}`;
  const mine = and(eq(relayerTransactions.chainId, chainId), eq(relayerTransactions.from, from));

  let chainChecked: Promise<void> | undefined;
  /** The endpoint's chain id, checked once (the dev-key guard is only as good as this). */
  function checkChain(): Promise<void> {
    chainChecked ??= client.getChainId().then((actual) => {
      if (actual !== chainId) throw new ChainIdMismatchError({ expected: chainId, actual });
    });
    chainChecked.catch(() => {
      chainChecked = undefined;
    });
    return chainChecked;
  }

  async function get(key: string): Promise<RelayerTransaction | undefined> {
    const [row] = await db.select().from(relayerTransactions).where(eq(relayerTransactions.key, key));
    return row;
  }

  /** The stored record of the key, after checking it is the same transaction. */
  function same(row: RelayerTransaction, request: { to: Hex; data: Hex; value: bigint }): RelayerTransaction {
    const differs =
      row.chainId !== chainId
        ? "chain"
        : row.from !== from
          ? "sender"
          : row.to !== request.to
            ? "recipient"
            : row.data !== request.data
              ? "data"
              : row.value !== request.value
                ? "value"
                : undefined;
    if (differs !== undefined) throw new RelayerKeyConflictError({ key: row.key, field: differs });
    return row;
  }

  /** The transaction's access list, as an object to spread (no key at all when there is none). */
  async function accessListFor(transaction: { to: Hex; data: Hex }): Promise<{ accessList?: AccessList }> {
    const accessList = await accessListOf?.({ to: getAddress(transaction.to), data: transaction.data });
    return accessList === undefined ? {} : { accessList };
  }

  async function sign(row: Pick<RelayerTransaction, "nonce" | "to" | "data" | "value" | "gas">, fees: FeeValues) {
    const serialized = await account.signTransaction({
      chainId,
      type: "eip1559",
      nonce: row.nonce,
      to: row.to,
      data: row.data,
      value: row.value,
      gas: row.gas,
      ...(await accessListFor(row)),
      ...fees,
    });
    return { serialized, hash: keccak256(serialized) };
  }

  /** Broadcasts a signed version; a refusal is recorded on the row (tick retries), never thrown. */
  async function broadcast(row: RelayerTransaction, serialized: Hex): Promise<RelayerTransaction> {
    let error: string | null = null;
    try {
      await sendRawTransaction(client, { serializedTransaction: serialized });
    } catch (cause) {
      // The node has it already (a re-broadcast): as good as sent.
      if (!/already known|known transaction/i.test(messageOf(cause))) error = messageOf(cause).slice(0, 1000);
    }
    if (error === row.error) return row;
    const [updated] = await db
      .update(relayerTransactions)
      .set({ error })
      .where(eq(relayerTransactions.id, row.id))
      .returning();
    return updated!;
  }

  async function send({ key, to, data, value = 0n }: RelayRequest): Promise<RelayerTransaction> {
    if (key.length === 0 || key.length > 255) throw new RangeError("relayer.send: key must have 1 to 255 characters");
    const request = { to: getAddress(to).toLowerCase() as Hex, data: data.toLowerCase() as Hex, value };
    const stored = await get(key);
    if (stored !== undefined) return same(stored, request);
    await checkChain();
    return withAccountLock(lock, async () => {
      // A concurrent send of the same key may have finished while this one waited for the lock.
      const raced = await get(key);
      if (raced !== undefined) return same(raced, request);

      let estimate: bigint;
      try {
        estimate = await client.estimateGas({ account: address, ...request, ...(await accessListFor(request)) });
      } catch (error) {
        const reason = decodeRevertReason(error, errorAbi);
        if (reason === undefined) throw error;
        throw new RelayedCallRevertedError({ key, ...reason, error: reason.text, cause: error });
      }
      const [pendingNonce, [highest], fees] = await Promise.all([
        client.getTransactionCount({ address, blockTag: "pending" }),
        // Every transaction of the account, not only pending ones: one that a reorganisation removed
        // still owns its nonce (tick sends it again), and must not have it taken by a new one.
        db
          .select({ nonce: max(relayerTransactions.nonce) })
          .from(relayerTransactions)
          .where(and(mine, ne(relayerTransactions.status, "replaced"))),
        client.estimateFeesPerGas(),
      ]);
      const nonce = Math.max(pendingNonce, (highest?.nonce ?? -1) + 1);
      const gas = (estimate * gasHeadroomPercent + 99n) / 100n;
      const fields = { nonce, gas, ...request };
      const { serialized, hash } = await sign(fields, fees);

      let row: RelayerTransaction;
      try {
        [row] = (await db
          .insert(relayerTransactions)
          .values({ key, chainId, from, ...fields, ...fees, hash, hashes: [hash], sentAt: clock() })
          .returning()) as [RelayerTransaction];
      } catch (error) {
        // Another process took the key between our read and our insert.
        const other = isUniqueViolation(error, "relayer_transactions_key_key") ? await get(key) : undefined;
        if (other === undefined) throw error;
        return same(other, request);
      }
      return broadcast(row, serialized);
    });
  }

  /** The receipt of any version sent, the latest first. */
  async function findReceipt(hashes: readonly Hex[]): Promise<TransactionReceipt | undefined> {
    for (const hash of [...hashes].reverse()) {
      try {
        return await client.getTransactionReceipt({ hash });
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
    }
    return undefined;
  }

  /** Why a mined transaction reverted: replays it on the state after its block (enough for most reverts). */
  async function revertReason(row: RelayerTransaction, receipt: TransactionReceipt): Promise<string> {
    try {
      await client.call({
        account: address,
        to: row.to,
        data: row.data,
        value: row.value,
        gas: row.gas,
        blockNumber: receipt.blockNumber,
      });
    } catch (error) {
      const reason = decodeRevertReason(error, errorAbi);
      if (reason !== undefined) return reason.text;
    }
    return receipt.gasUsed >= row.gas ? "reverted (out of gas)" : "reverted";
  }

  async function settle(row: RelayerTransaction, receipt: TransactionReceipt): Promise<void> {
    const status = receipt.status === "success" ? "mined" : "failed";
    await db
      .update(relayerTransactions)
      .set({
        status,
        hash: receipt.transactionHash,
        blockNumber: receipt.blockNumber,
        gasUsed: receipt.gasUsed,
        error: status === "failed" ? await revertReason(row, receipt) : null,
        settledAt: clock(),
      })
      .where(eq(relayerTransactions.id, row.id));
  }

  /**
   * Takes back the account's mined or failed transactions that a reorganisation removed: their
   * nonce is not used on the chain any more and no version has a receipt. Each becomes pending again
   * and its latest signed version is sent again (the same hash: signing is deterministic).
   */
  async function recoverReorged(): Promise<number> {
    const [highest] = await db
      .select({ nonce: max(relayerTransactions.nonce) })
      .from(relayerTransactions)
      .where(and(mine, inArray(relayerTransactions.status, ["mined", "failed"])));
    if (highest?.nonce == null) return 0;
    const used = await client.getTransactionCount({ address, blockTag: "latest" });
    if (used > highest.nonce) return 0;
    const removed = await db
      .select()
      .from(relayerTransactions)
      .where(and(mine, inArray(relayerTransactions.status, ["mined", "failed"]), gte(relayerTransactions.nonce, used)))
      .orderBy(asc(relayerTransactions.nonce));
    let recovered = 0;
    for (const row of removed) {
      // A node behind its peers may report an old nonce count: a receipt says the transaction is there.
      if ((await findReceipt(row.hashes)) !== undefined) continue;
      let updated: RelayerTransaction | undefined;
      try {
        [updated] = await db
          .update(relayerTransactions)
          .set({ status: "pending", blockNumber: null, gasUsed: null, error: null, settledAt: null, sentAt: clock() })
          .where(and(eq(relayerTransactions.id, row.id), eq(relayerTransactions.status, row.status)))
          .returning();
      } catch (error) {
        if (!isUniqueViolation(error, "relayer_transactions_pending_nonce_key")) throw error;
        // Another pending transaction holds the nonce (sent before this rule existed): this one can
        // never be mined as signed.
        await db
          .update(relayerTransactions)
          .set({ status: "replaced", error: "a reorganisation removed it and its nonce went to another transaction" })
          .where(eq(relayerTransactions.id, row.id));
        continue;
      }
      if (updated === undefined) continue;
      const { serialized, hash } = await sign(updated, {
        maxFeePerGas: updated.maxFeePerGas,
        maxPriorityFeePerGas: updated.maxPriorityFeePerGas,
      });
      // The same hash, unless the access list changed meanwhile (the token's issuer upgraded it):
      // then a new version, recorded before it is broadcast like any other.
      if (hash !== updated.hash) {
        [updated] = await db
          .update(relayerTransactions)
          .set({ hash, hashes: [...updated.hashes, hash] })
          .where(eq(relayerTransactions.id, updated.id))
          .returning();
      }
      await broadcast(updated!, serialized);
      recovered += 1;
    }
    return recovered;
  }

  async function tick(): Promise<RelayerTickReturnType> {
    await checkChain();
    return withAccountLock(lock, async () => {
      const result: RelayerTickReturnType = {
        mined: 0,
        failed: 0,
        replaced: 0,
        bumped: 0,
        rebroadcast: 0,
        waiting: 0,
        reorged: await recoverReorged(),
      };
      const pending = await db
        .select()
        .from(relayerTransactions)
        .where(and(mine, eq(relayerTransactions.status, "pending")))
        .orderBy(asc(relayerTransactions.nonce));
      if (pending.length === 0) return result;
      // Read before the receipts: a nonce below it whose versions have no receipt went to another transaction.
      const minedNonce = await client.getTransactionCount({ address, blockTag: "latest" });
      let market: FeeValues | undefined;
      for (const row of pending) {
        const receipt = await findReceipt(row.hashes);
        if (receipt !== undefined) {
          await settle(row, receipt);
          result[receipt.status === "success" ? "mined" : "failed"] += 1;
          continue;
        }
        if (row.nonce < minedNonce) {
          await db
            .update(relayerTransactions)
            .set({ status: "replaced", settledAt: clock() })
            .where(eq(relayerTransactions.id, row.id));
          result.replaced += 1;
          continue;
        }
        const now = clock();
        if (now.getTime() - row.sentAt.getTime() < bumpAfterMs) {
          result.waiting += 1;
          continue;
        }
        market ??= await client.estimateFeesPerGas();
        const current = { maxFeePerGas: row.maxFeePerGas, maxPriorityFeePerGas: row.maxPriorityFeePerGas };
        const next = bumpFees({ current, market, maxFeeBumpPercent });
        const { serialized, hash } = await sign(row, next ?? current);
        const [updated] = await db
          .update(relayerTransactions)
          .set({
            ...(next ?? current),
            hash,
            hashes: next === undefined ? row.hashes : [...row.hashes, hash],
            attempts: row.attempts + 1,
            sentAt: now,
          })
          .where(eq(relayerTransactions.id, row.id))
          .returning();
        await broadcast(updated!, serialized);
        result[next === undefined ? "rebroadcast" : "bumped"] += 1;
      }
      return result;
    });
  }

  return { address, send, get, tick };
}

const zeroFees: FeeValues = { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };

function messageOf(error: unknown): string {
  if (error instanceof BaseError) return [error.shortMessage, error.details].filter(Boolean).join(": ");
  return error instanceof Error ? error.message : String(error);
}
