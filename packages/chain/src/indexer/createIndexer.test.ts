import { toEscrowRecord, VisaFeeEscrow } from "@entrada/contracts";
import { type BatchQuote, createEscrowFixture, type EscrowFixture, type Quote } from "@entrada/contracts/testing";
import { chainBlocks, chainEvents, enqueueOutbox, indexerCursors, outbox } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { asc, eq } from "drizzle-orm";
import {
  createPublicClient,
  custom,
  type EIP1193Provider,
  encodeFunctionData,
  type HDAccount,
  type Hex,
  maxUint256,
  type TransactionReceipt,
} from "viem";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ChainChangedDuringSyncError,
  ChainIdMismatchError,
  IndexerCursorMovedError,
  ReorgTooDeepError,
} from "../errors.ts";
import { type CreateIndexerParameters, createIndexer, type SyncOnceReturnType } from "./createIndexer.ts";
import type { ChainEventHandler, IndexedEscrowEvent } from "./IndexedEscrowEvent.ts";

let f: EscrowFixture;
beforeAll(async () => {
  f = await createEscrowFixture();
});

type Call = { kind: "events" | "rollback"; events: IndexedEscrowEvent[] };

/** A handler that records what it is given (and, like the server's, writes in the indexer's transaction). */
function recorder(): ChainEventHandler & { calls: Call[]; delivered(): IndexedEscrowEvent[] } {
  const calls: Call[] = [];
  return {
    calls,
    delivered: () => calls.filter((call) => call.kind === "events").flatMap((call) => call.events),
    async onEvents(tx, events) {
      calls.push({ kind: "events", events });
      for (const event of events) {
        await enqueueOutbox(tx, { topic: `chain.${event.eventName}`, aggregateId: event.txHash, payload: {} });
      }
    },
    async onRollback(_tx, removed) {
      calls.push({ kind: "rollback", events: removed });
    },
  };
}

const head = () => f.chain.publicClient.getBlockNumber();
const hashOf = async (blockNumber: bigint) => (await f.chain.publicClient.getBlock({ blockNumber })).hash;
const mine = (blocks: number) => f.chain.testClient.mine({ blocks });

/** Pays a fresh quote from payer `index` (approving first) and returns the quote and the payment's receipt. */
async function pay(
  index: number,
  overrides: Partial<Quote> = {},
): Promise<{ quote: Quote; receipt: TransactionReceipt }> {
  const payer: HDAccount = f.accounts.payers[index]!;
  const quote = await f.makeQuote({ ...overrides, payer: payer.address });
  await f.approve(quote.token, payer, maxUint256);
  const receipt = await f.call(payer, "pay", [quote, await f.signQuote(quote)]);
  expect(receipt.status).toBe("success");
  return { quote, receipt };
}

/** Pays a batch of two applications from payer `index`. */
async function payBatch(index: number): Promise<{ batch: BatchQuote; receipt: TransactionReceipt }> {
  const payer: HDAccount = f.accounts.payers[index]!;
  const t = await f.now();
  const batch: BatchQuote = {
    batchId: f.newId("batch"),
    authorityId: f.authorities[1]!.id,
    token: f.tokens.USDT,
    payer: payer.address,
    fees: [40_000_000n, 15_500_000n],
    platformFeeBps: 10,
    decisionDeadline: t + 86_400n,
    expiresAt: t + 900n,
  };
  await f.approve(batch.token, payer, maxUint256);
  const receipt = await f.call(payer, "payBatch", [batch, await f.signBatchQuote(batch)]);
  expect(receipt.status).toBe("success");
  return { batch, receipt };
}

/** The EscrowPaid event the indexer should deliver for a payment. */
function paidEvent({ quote, receipt }: { quote: Quote; receipt: TransactionReceipt }): IndexedEscrowEvent {
  return {
    chainId: 31337,
    blockNumber: receipt.blockNumber,
    blockHash: receipt.blockHash,
    txHash: receipt.transactionHash,
    logIndex: receipt.logs.find((log) => log.address === f.escrow.toLowerCase())!.logIndex,
    eventName: "EscrowPaid",
    args: {
      applicationId: quote.applicationId,
      authorityId: quote.authorityId,
      payer: quote.payer,
      token: quote.token,
      amount: quote.amount,
      platformFee: quote.platformFee,
      decisionDeadline: quote.decisionDeadline,
      expiresAt: quote.expiresAt,
    },
  };
}

describe.each(createTestDatabases())("createIndexer on $name", ({ open }) => {
  let database: TestDatabase;
  let snapshot: Hex;

  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
    await resetDatabase(database.db);
  });
  afterEach(() => f.chain.revert(snapshot));

  function indexer(handler: ChainEventHandler, overrides: Partial<CreateIndexerParameters> = {}) {
    return createIndexer({
      db: database.db,
      client: f.chain.publicClient,
      chainId: 31337,
      escrow: f.escrow,
      startBlock: BigInt(f.deployment.startBlock),
      confirmations: 0,
      handler,
      ...overrides,
    });
  }

  async function cursor() {
    const rows = await database.db.select().from(indexerCursors);
    return rows.map(({ chainId, address, blockNumber, blockHash, finalizedBlockNumber }) => ({
      chainId,
      address,
      blockNumber,
      blockHash,
      finalizedBlockNumber,
    }));
  }

  async function storedBlocks() {
    const rows = await database.db.select().from(chainBlocks).orderBy(asc(chainBlocks.number));
    return rows.map(({ number, hash }) => ({ number, hash }));
  }

  async function storedEvents() {
    return database.db.select().from(chainEvents).orderBy(asc(chainEvents.blockNumber), asc(chainEvents.logIndex));
  }

  /** Checks that everything the indexer stored is on the chain as it is now. */
  async function expectStateOfTheChain() {
    for (const block of await storedBlocks()) expect(block.hash).toBe(await hashOf(block.number));
    for (const event of await storedEvents()) {
      if (!event.removed) expect(event.blockHash).toBe(await hashOf(event.blockNumber));
    }
    const [position] = await cursor();
    if (position) expect(position.blockHash).toBe(await hashOf(position.blockNumber));
  }

  it("delivers a payment's EscrowPaid, stores it, and moves the cursor", async () => {
    const startBlock = (await head()) + 1n;
    const handler = recorder();
    const payment = await pay(0);
    const tip = await head();
    const result = await indexer(handler, { startBlock }).syncOnce();

    expect(result).toEqual({ type: "synced", from: startBlock, to: tip, events: [paidEvent(payment)] });
    expect(handler.calls).toEqual([{ kind: "events", events: [paidEvent(payment)] }]);
    expect(await cursor()).toEqual([
      {
        chainId: 31337,
        address: f.escrow.toLowerCase(),
        blockNumber: tip,
        blockHash: await hashOf(tip),
        finalizedBlockNumber: startBlock - 1n,
      },
    ]);
    const [row] = await storedEvents();
    expect(row).toMatchObject({
      chainId: 31337,
      address: f.escrow.toLowerCase(),
      blockNumber: payment.receipt.blockNumber,
      blockHash: payment.receipt.blockHash,
      txHash: payment.receipt.transactionHash,
      eventName: "EscrowPaid",
      removed: false,
      args: {
        applicationId: payment.quote.applicationId,
        authorityId: payment.quote.authorityId,
        payer: payment.quote.payer,
        token: payment.quote.token,
        amount: payment.quote.amount.toString(),
        platformFee: payment.quote.platformFee.toString(),
        decisionDeadline: payment.quote.decisionDeadline.toString(),
        expiresAt: payment.quote.expiresAt.toString(),
      },
    });
    // The payment's block is the range's last: one block stored.
    expect(await storedBlocks()).toEqual([{ number: tip, hash: await hashOf(tip) }]);
    // The handler wrote in the same transaction.
    expect(await database.db.select({ topic: outbox.topic }).from(outbox)).toEqual([{ topic: "chain.EscrowPaid" }]);
  });

  it("is idle when caught up, and never delivers a stored event twice, even re-reading its blocks", async () => {
    const startBlock = (await head()) + 1n;
    const handler = recorder();
    const payment = await pay(0);
    const tip = await head();
    const sync = indexer(handler, { startBlock });
    await sync.syncOnce();
    expect(await sync.syncOnce()).toEqual({ type: "idle" });

    // Back to the start, as after restoring an old backup of the cursor.
    await database.db.delete(indexerCursors);
    expect(await sync.syncOnce()).toEqual({ type: "synced", from: startBlock, to: tip, events: [] });
    expect(handler.calls).toEqual([{ kind: "events", events: [paidEvent(payment)] }]);
    expect(await storedEvents()).toHaveLength(1);
    expect(await database.db.select().from(outbox)).toHaveLength(1);
  });

  it("waits for the confirmation depth, the payment's own block counting as the first", async () => {
    const startBlock = (await head()) + 1n;
    const handler = recorder();
    const sync = indexer(handler, { startBlock, confirmations: 3 });
    const payment = await pay(0);
    const paidIn = payment.receipt.blockNumber;

    // approve, then pay: the payment is the second block since the start, and the head. It has one
    // confirmation; the approval's block, under it, has two.
    expect(paidIn).toBe(startBlock + 1n);
    expect(await head()).toBe(paidIn);
    expect(await sync.syncOnce()).toEqual({ type: "idle" });
    await mine(1);
    expect(await sync.syncOnce()).toEqual({ type: "synced", from: startBlock, to: startBlock, events: [] });
    expect(await sync.syncOnce()).toEqual({ type: "idle" });
    await mine(1);
    expect(await sync.syncOnce()).toEqual({ type: "synced", from: paidIn, to: paidIn, events: [paidEvent(payment)] });
    expect(handler.delivered()).toEqual([paidEvent(payment)]);
  });

  it.each([1, 0])(
    "reads a log in the head block with confirmations %i: an automining node may mine no block after it",
    async (confirmations) => {
      const startBlock = (await head()) + 1n;
      const handler = recorder();
      const payment = await pay(0);
      const paidIn = payment.receipt.blockNumber;
      expect(await head()).toBe(paidIn);

      const result = await indexer(handler, { startBlock, confirmations }).syncOnce();
      expect(result).toEqual({ type: "synced", from: startBlock, to: paidIn, events: [paidEvent(payment)] });
    },
  );

  it('reads up to the finalized block with confirmations "finalized"', async () => {
    const startBlock = (await head()) + 1n;
    const handler = recorder();
    const payment = await pay(0);
    const finalized = (await f.chain.publicClient.getBlock({ blockTag: "finalized" })).number;
    const result = await indexer(handler, { startBlock, confirmations: "finalized" }).syncOnce();
    // Hardhat finalizes every block at once.
    expect(result).toEqual({ type: "synced", from: startBlock, to: finalized, events: [paidEvent(payment)] });
    expect((await cursor())[0]?.finalizedBlockNumber).toBe(finalized);
  });

  it("reads a long history in ranges of batchSize blocks, each event once", async () => {
    const startBlock = BigInt(f.deployment.startBlock);
    const handler = recorder();
    const sync = indexer(handler, { batchSize: 10 });
    const payments = [await pay(0), await pay(1)];
    await mine(12);
    payments.push(await pay(2));
    const tip = await head();

    const results: SyncOnceReturnType[] = [];
    for (let result = await sync.syncOnce(); result.type !== "idle"; result = await sync.syncOnce()) {
      results.push(result);
    }
    const ranges = results.map((result) => (result.type === "synced" ? [result.from, result.to] : result.type));
    const expected: bigint[][] = [];
    for (let from = startBlock; from <= tip; from += 10n) expected.push([from, from + 9n < tip ? from + 9n : tip]);
    expect(ranges).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(9);

    // The deployment's own events, then the three payments, each delivered once.
    const names = handler.delivered().map((event) => event.eventName);
    expect(names).toEqual([
      "TokenAllowed",
      "TokenAllowed",
      "RoleGranted",
      "RoleGranted",
      "QuoteSignerSet",
      "TreasurySet",
      "FeeCapSet",
      "AuthoritySet",
      "AuthoritySet",
      "AuthoritySet",
      "EscrowPaid",
      "EscrowPaid",
      "EscrowPaid",
    ]);
    expect(handler.delivered().slice(-3)).toEqual(payments.map(paidEvent));
    expect(await storedEvents()).toHaveLength(names.length);
  });

  it("rolls back a reorg for real: the removed history to onRollback, then the new history", async () => {
    const handler = recorder();
    const sync = indexer(handler);
    await f.approve(f.tokens.USDC, f.accounts.payers[0]!, maxUint256);
    await f.approve(f.tokens.USDC, f.accounts.payers[1]!, maxUint256);
    const base = await sync.syncOnce();
    expect(base.type).toBe("synced");
    const forkBlock = await head();
    const fork = await f.chain.snapshot();

    // The history that will be dropped: a payment, a batch, a release.
    const dropped = await pay(0);
    const batch = await payBatch(2);
    const settler = f.authorities[0]!.settler;
    const release = await f.call(settler, "releaseEscrowByAuthority", [toEscrowRecord(dropped.quote)]);
    await mine(2);
    const oldTip = await head();
    const oldTipHash = await hashOf(oldTip);
    const beforeReorg = await sync.syncOnce();
    expect(beforeReorg).toMatchObject({ type: "synced", from: forkBlock + 1n, to: oldTip });
    const droppedEvents = beforeReorg.type === "synced" ? beforeReorg.events : [];
    expect(droppedEvents.map((event) => [event.eventName, event.txHash])).toEqual([
      ["EscrowPaid", dropped.receipt.transactionHash],
      ["BatchPaid", batch.receipt.transactionHash],
      ["EscrowReleased", release.transactionHash],
    ]);

    // Another history from the fork: a different payment, and as many blocks as before.
    await f.chain.revert(fork);
    const kept = await pay(1);
    await mine(Number(oldTip - (await head())));
    expect(await head()).toBe(oldTip);
    expect(await hashOf(oldTip)).not.toBe(oldTipHash);

    handler.calls.length = 0;
    const reorg = await sync.syncOnce();
    // Newest first, with every argument as first delivered (bigints, numbers and arrays restored).
    const removed = [...droppedEvents].reverse();
    expect(reorg).toEqual({ type: "reorg", forkBlock, removed });
    expect(handler.calls).toEqual([{ kind: "rollback", events: removed }]);
    expect(await cursor()).toMatchObject([{ blockNumber: forkBlock, blockHash: await hashOf(forkBlock) }]);
    expect((await storedBlocks()).every((block) => block.number <= forkBlock)).toBe(true);
    expect((await storedEvents()).filter((event) => event.removed).map((event) => event.txHash)).toEqual(
      droppedEvents.map((event) => event.txHash),
    );
    await expectStateOfTheChain();

    handler.calls.length = 0;
    expect(await sync.syncOnce()).toEqual({
      type: "synced",
      from: forkBlock + 1n,
      to: oldTip,
      events: [paidEvent(kept)],
    });
    expect(handler.calls).toEqual([{ kind: "events", events: [paidEvent(kept)] }]);
    expect(await sync.syncOnce()).toEqual({ type: "idle" });
    await expectStateOfTheChain();
    expect(await cursor()).toMatchObject([{ blockNumber: oldTip, blockHash: await hashOf(oldTip) }]);
    const live = (await storedEvents()).filter((event) => !event.removed);
    expect(live.at(-1)).toMatchObject({ txHash: kept.receipt.transactionHash, eventName: "EscrowPaid" });
    expect(live.some((event) => droppedEvents.some((d) => d.txHash === event.txHash))).toBe(false);
  });

  it("delivers a log again when the reorg re-includes its transaction in another block", async () => {
    const handler = recorder();
    const sync = indexer(handler);
    const payer = f.accounts.payers[0]!;
    await f.approve(f.tokens.USDC, payer, maxUint256);
    await sync.syncOnce();
    const fork = await f.chain.snapshot();

    // Sign once, so the same transaction (same hash) can land on both histories.
    const quote = await f.makeQuote({ payer: payer.address });
    const request = await f.chain.wallet(payer).prepareTransactionRequest({
      to: f.escrow,
      data: encodeFunctionData({
        abi: VisaFeeEscrow.abi,
        functionName: "pay",
        args: [quote, await f.signQuote(quote)],
      }),
    });
    const raw = await payer.signTransaction(request as never);
    const first = await f.chain.publicClient.sendRawTransaction({ serializedTransaction: raw });
    await sync.syncOnce();
    await f.chain.revert(fork);
    await mine(3);
    expect(await f.chain.publicClient.sendRawTransaction({ serializedTransaction: raw })).toBe(first);
    const receipt = await f.chain.publicClient.getTransactionReceipt({ hash: first });

    handler.calls.length = 0;
    expect(await sync.syncOnce()).toMatchObject({ type: "reorg", removed: [{ txHash: first }] });
    expect(await sync.syncOnce()).toMatchObject({ type: "synced", events: [{ txHash: first }] });
    expect(handler.delivered()).toEqual([paidEvent({ quote, receipt })]);
    // One row for the log, alive again, in its new block.
    expect((await storedEvents()).filter((event) => event.txHash === first)).toMatchObject([
      { removed: false, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash },
    ]);
  });

  it("re-reads from the start when a reorg reaches below every stored block before anything is final", async () => {
    const startBlock = (await head()) + 1n;
    const fork = await f.chain.snapshot();
    const handler = recorder();
    const sync = indexer(handler, { startBlock });
    const dropped = await pay(0);
    await sync.syncOnce();
    await f.chain.revert(fork);
    const kept = await pay(1);

    expect(await sync.syncOnce()).toEqual({ type: "reorg", forkBlock: startBlock - 1n, removed: [paidEvent(dropped)] });
    expect(await cursor()).toEqual([]);
    expect(await storedBlocks()).toEqual([]);
    expect(await sync.syncOnce()).toMatchObject({ type: "synced", from: startBlock, events: [paidEvent(kept)] });
  });

  it("refuses to roll back below the blocks it took as final", async () => {
    const startBlock = (await head()) + 1n;
    const handler = recorder();
    const sync = indexer(handler, { startBlock, maxReorgDepth: 2 });
    const fork = await f.chain.snapshot();
    await pay(0);
    await sync.syncOnce();
    await mine(3);
    const settled = await sync.syncOnce();
    expect(settled.type).toBe("synced");
    // The first range's last block is now 3 blocks deep: final, and the only block kept below the head.
    const [position] = await cursor();
    expect(position!.finalizedBlockNumber).toBe(settled.type === "synced" ? settled.from - 1n : 0n);
    expect((await storedBlocks()).map((block) => block.number)).toEqual([
      position!.finalizedBlockNumber,
      position!.blockNumber,
    ]);

    await f.chain.revert(fork);
    await pay(1);
    await mine(6);
    const error = await sync.syncOnce().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReorgTooDeepError);
    expect(error).toMatchObject({
      code: "ENTRADA_REORG_TOO_DEEP",
      retryable: false,
      details: { finalizedBlock: position!.finalizedBlockNumber.toString() },
    });
    expect(handler.calls.filter((call) => call.kind === "rollback")).toEqual([]);
  });

  it("stores nothing when the handler throws, and delivers on the next sync", async () => {
    const startBlock = (await head()) + 1n;
    const handler = recorder();
    let failures = 1;
    const flaky: ChainEventHandler = {
      async onEvents(tx, events) {
        await handler.onEvents(tx, events);
        if (failures-- > 0) throw new Error("handler failed");
      },
      onRollback: handler.onRollback,
    };
    const payment = await pay(0);
    const sync = indexer(flaky, { startBlock });
    await expect(sync.syncOnce()).rejects.toThrow("handler failed");
    expect([await storedEvents(), await storedBlocks(), await cursor()]).toEqual([[], [], []]);
    expect(await database.db.select().from(outbox)).toEqual([]);

    expect(await sync.syncOnce()).toMatchObject({ type: "synced", events: [paidEvent(payment)] });
    expect(await database.db.select().from(outbox)).toHaveLength(1);
  });

  it("stores nothing when the chain reorganises while a range is read", async () => {
    const startBlock = (await head()) + 1n;
    const fork = await f.chain.snapshot();
    await pay(0);
    // A provider on the same chain that, right after answering getLogs, switches the chain to another history.
    let switched = false;
    const provider = {
      async request(args: { method: string; params?: unknown }) {
        const answer = await f.chain.provider.request(args as never);
        if (args.method === "eth_getLogs" && !switched) {
          switched = true;
          await f.chain.revert(fork);
          await pay(1);
        }
        return answer;
      },
    } as unknown as EIP1193Provider;
    const client = createPublicClient({
      chain: f.chain.chain,
      transport: custom(provider, { retryCount: 0 }),
      cacheTime: 0,
    });
    const handler = recorder();
    const sync = indexer(handler, { startBlock, client });
    await expect(sync.syncOnce()).rejects.toBeInstanceOf(ChainChangedDuringSyncError);
    expect([await storedEvents(), await cursor(), handler.calls]).toEqual([[], [], []]);
    // The next sync reads the history that won.
    const result = await sync.syncOnce();
    expect(result).toMatchObject({ type: "synced", events: [{ eventName: "EscrowPaid" }] });
    expect(result.type === "synced" && result.events[0]?.args).toMatchObject({ payer: f.accounts.payers[1]!.address });
  });

  it("lets two indexer processes share the database: the one that lost the race stores nothing", async () => {
    const startBlock = (await head()) + 1n;
    const handler = recorder();
    const payment = await pay(0);
    // Process B reads the cursor, then stalls in getLogs until process A has stored the same range.
    let reachedLogs!: () => void;
    let resume!: () => void;
    const atLogs = new Promise<void>((resolve) => (reachedLogs = resolve));
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    const provider = {
      async request(args: { method: string; params?: unknown }) {
        if (args.method === "eth_getLogs") {
          reachedLogs();
          await resumed;
        }
        return f.chain.provider.request(args as never);
      },
    } as unknown as EIP1193Provider;
    const slowClient = createPublicClient({ chain: f.chain.chain, transport: custom(provider, { retryCount: 0 }) });
    const b = indexer(handler, { startBlock, client: slowClient }).syncOnce();
    await atLogs;
    const a = await indexer(handler, { startBlock }).syncOnce();
    expect(a).toMatchObject({ type: "synced", events: [paidEvent(payment)] });
    resume();
    await expect(b).rejects.toBeInstanceOf(IndexerCursorMovedError);

    // B found the log already stored, so its handler was not even called; A's writes stand alone.
    expect(handler.calls).toEqual([{ kind: "events", events: [paidEvent(payment)] }]);
    expect(await storedEvents()).toHaveLength(1);
    expect(await database.db.select().from(outbox)).toHaveLength(1);
    expect(await cursor()).toMatchObject([{ blockNumber: a.type === "synced" ? a.to : -1n }]);
  });

  it("runs until aborted, following new blocks", async () => {
    const startBlock = (await head()) + 1n;
    const handler = recorder();
    const errors: unknown[] = [];
    const controller = new AbortController();
    const running = indexer(handler, { startBlock }).run({
      signal: controller.signal,
      intervalMs: 10,
      onError: (error) => errors.push(error),
    });
    const payment = await pay(0);
    for (let i = 0; i < 500 && handler.delivered().length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await running;
    expect(handler.delivered()).toEqual([paidEvent(payment)]);
    expect(errors).toEqual([]);
  });

  it("refuses bad settings and a client of another chain", async () => {
    const handler = recorder();
    expect(() => indexer(handler, { confirmations: -1 })).toThrow(RangeError);
    expect(() => indexer(handler, { batchSize: 0 })).toThrow(RangeError);
    expect(() => indexer(handler, { maxReorgDepth: 0 })).toThrow(RangeError);
    expect(() => indexer(handler, { chainId: 8453 })).toThrow(
      new ChainIdMismatchError({ expected: 8453, actual: 31337 }),
    );
    const controller = new AbortController();
    const client = createPublicClient({ transport: custom(f.chain.provider, { retryCount: 0 }) });
    const wrongChain = indexer(handler, { chainId: 8453, client: client as never });
    await expect(wrongChain.run({ signal: controller.signal, intervalMs: 10 })).rejects.toBeInstanceOf(
      ChainIdMismatchError,
    );
    expect(await database.db.select().from(indexerCursors).where(eq(indexerCursors.chainId, 8453))).toEqual([]);
  });
});
