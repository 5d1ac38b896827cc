import { devAccount, encodeSettlementCall, escrowAccessList, VisaFeeEscrow } from "@entrada/contracts";
import { createEscrowFixture, type EscrowFixture, type Quote } from "@entrada/contracts/testing";
import { relayerTransactions } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { asc } from "drizzle-orm";
import {
  type Address,
  encodeFunctionData,
  getAddress,
  type HDAccount,
  type Hex,
  parseEther,
  TransactionReceiptNotFoundError,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ChainIdMismatchError,
  DevKeyOnLiveChainError,
  RelayedCallRevertedError,
  RelayerKeyConflictError,
} from "../errors.ts";
import { type CreateRelayerParameters, createRelayer, type Relayer } from "./createRelayer.ts";
import { heldAccountLocks } from "./withAccountLock.ts";

let f: EscrowFixture;
beforeAll(async () => {
  f = await createEscrowFixture();
});

const bumpAfterMs = 30_000;

/** EscrowStatus of the escrow: 0 none, 1 paid. */
const paid = 1;

describe.each(createTestDatabases())("createRelayer on $name", ({ open }) => {
  let database: TestDatabase;
  let snapshot: Hex;
  let now: number;
  const clock = () => new Date(now);

  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
    await resetDatabase(database.db);
    now = Date.UTC(2026, 0, 1);
  });
  afterEach(async () => {
    await f.chain.testClient.setAutomine(true);
    await f.chain.revert(snapshot);
    expect(heldAccountLocks()).toBe(0);
  });

  function relayer(overrides: Partial<CreateRelayerParameters> = {}): Relayer {
    return createRelayer({
      db: database.db,
      client: f.chain.publicClient,
      account: f.accounts.relayer,
      chainId: 31337,
      clock,
      bumpAfterMs,
      ...overrides,
    });
  }

  /** `payWithAuthorization` calldata for a fresh quote of payer `index`: what the relayer sends for a gasless payment. */
  async function gaslessPayment(index = 0): Promise<{ quote: Quote; digest: Hex; data: Hex }> {
    const payer: HDAccount = f.accounts.payers[index]!;
    const quote = await f.makeQuote({ payer: payer.address });
    const signature = await f.signQuote(quote);
    const { v, r, s } = await f.signAuthorization(quote, payer);
    const data = encodeFunctionData({
      abi: VisaFeeEscrow.abi,
      functionName: "payWithAuthorization",
      args: [quote, signature, v, r, s],
    });
    return { quote, digest: await f.quoteDigest(quote), data };
  }

  function escrowStatus(applicationId: Hex): Promise<number> {
    return f.chain.publicClient.readContract({
      address: f.escrow,
      abi: VisaFeeEscrow.abi,
      functionName: "escrowStatus",
      args: [applicationId],
    });
  }

  function sentCount(address: Address = f.accounts.relayer.address): Promise<number> {
    return f.chain.publicClient.getTransactionCount({ address });
  }

  async function rows() {
    return database.db.select().from(relayerTransactions).orderBy(asc(relayerTransactions.id));
  }

  /** Whether `hash` has a receipt. */
  async function isMined(hash: Hex): Promise<boolean> {
    try {
      await f.chain.publicClient.getTransactionReceipt({ hash });
      return true;
    } catch (error) {
      if (error instanceof TransactionReceiptNotFoundError) return false;
      throw error;
    }
  }

  it("sends a gasless payment and records it, mined after a tick", async () => {
    const r = relayer();
    const { quote, digest, data } = await gaslessPayment();
    const record = await r.send({ key: digest, to: f.escrow, data });
    expect(record).toMatchObject({
      key: digest,
      chainId: 31337,
      from: f.accounts.relayer.address.toLowerCase(),
      to: f.escrow.toLowerCase(),
      data,
      value: 0n,
      nonce: 0,
      hashes: [record.hash],
      status: "pending",
      attempts: 1,
      error: null,
      blockNumber: null,
      sentAt: new Date(now),
      settledAt: null,
    });
    const receipt = await f.chain.publicClient.getTransactionReceipt({ hash: record.hash });
    expect(receipt.status).toBe("success");
    expect(record.gas).toBe((receipt.gasUsed * 120n + 99n) / 100n);
    expect(await escrowStatus(quote.applicationId)).toBe(paid);

    now += 1000;
    expect(await r.tick()).toEqual({
      mined: 1,
      failed: 0,
      replaced: 0,
      bumped: 0,
      rebroadcast: 0,
      waiting: 0,
      reorged: 0,
    });
    expect(await r.get(digest)).toMatchObject({
      status: "mined",
      hash: record.hash,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed,
      settledAt: new Date(now),
    });
    // Nothing pending: a tick does nothing.
    expect(await r.tick()).toEqual({
      mined: 0,
      failed: 0,
      replaced: 0,
      bumped: 0,
      rebroadcast: 0,
      waiting: 0,
      reorged: 0,
    });
  });

  it("is idempotent on the key: a second send returns the same record and sends nothing", async () => {
    const r = relayer();
    const { digest, data } = await gaslessPayment();
    const first = await r.send({ key: digest, to: f.escrow, data });
    const second = await r.send({ key: digest, to: f.escrow, data });
    expect(second).toEqual(first);
    // Another relayer instance (a restarted process) sees the same record too.
    expect(await relayer().send({ key: digest, to: f.escrow, data })).toEqual(first);
    expect(await sentCount()).toBe(1);
    expect(await rows()).toHaveLength(1);
  });

  it("sends once when the same key is sent concurrently", async () => {
    const r = relayer();
    const { digest, data } = await gaslessPayment();
    const records = await Promise.all(Array.from({ length: 5 }, () => r.send({ key: digest, to: f.escrow, data })));
    expect(new Set(records.map((record) => record.id)).size).toBe(1);
    expect(await sentCount()).toBe(1);
  });

  it("refuses a key reused for another transaction", async () => {
    const r = relayer();
    const first = await gaslessPayment(0);
    const second = await gaslessPayment(1);
    await r.send({ key: "release:app-1", to: f.escrow, data: first.data });
    await expect(r.send({ key: "release:app-1", to: f.escrow, data: second.data })).rejects.toThrow(
      new RelayerKeyConflictError({ key: "release:app-1", field: "data" }),
    );
    await expect(r.send({ key: "release:app-1", to: f.tokens.USDC, data: first.data })).rejects.toMatchObject({
      code: "ENTRADA_RELAYER_KEY_CONFLICT",
      details: { key: "release:app-1", field: "recipient" },
    });
    expect(await sentCount()).toBe(1);
  });

  it("gives 10 concurrent sends the nonces 0 to 9, once each, all mined", async () => {
    const r = relayer();
    const payments = await Promise.all(Array.from({ length: 10 }, (_, i) => gaslessPayment(i)));
    const records = await Promise.all(payments.map(({ digest, data }) => r.send({ key: digest, to: f.escrow, data })));
    expect(records.map((record) => record.nonce).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(records.map((record) => record.error)).toEqual(Array(10).fill(null));
    expect(await sentCount()).toBe(10);
    expect(await r.tick()).toMatchObject({ mined: 10, failed: 0, waiting: 0 });
    expect((await rows()).map((row) => row.status)).toEqual(Array(10).fill("mined"));
    for (const { quote } of payments) expect(await escrowStatus(quote.applicationId)).toBe(paid);
  });

  it("replaces a transaction stuck in the mempool with higher fees, and records the one mined", async () => {
    await f.chain.testClient.setAutomine(false);
    const r = relayer();
    const { quote, digest, data } = await gaslessPayment();
    const first = await r.send({ key: digest, to: f.escrow, data });

    now += bumpAfterMs - 1;
    expect(await r.tick()).toMatchObject({ bumped: 0, waiting: 1 });
    now += 1;
    expect(await r.tick()).toMatchObject({ bumped: 1, waiting: 0 });
    const bumped = (await r.get(digest))!;
    const raise = (fee: bigint) => (fee * 1125n + 999n) / 1000n;
    expect(bumped).toMatchObject({
      status: "pending",
      nonce: first.nonce,
      hashes: [first.hash, bumped.hash],
      maxFeePerGas: raise(first.maxFeePerGas),
      maxPriorityFeePerGas: raise(first.maxPriorityFeePerGas),
      attempts: 2,
      sentAt: new Date(now),
      error: null,
    });
    expect(bumped.hash).not.toBe(first.hash);
    // The node holds the replacement only.
    const inPool = await f.chain.publicClient.getTransaction({ hash: bumped.hash });
    expect(inPool.maxFeePerGas).toBe(bumped.maxFeePerGas);

    await f.chain.testClient.mine({ blocks: 1 });
    expect([await isMined(first.hash), await isMined(bumped.hash)]).toEqual([false, true]);
    expect(await r.tick()).toMatchObject({ mined: 1 });
    expect(await r.get(digest)).toMatchObject({
      status: "mined",
      hash: bumped.hash,
      hashes: [first.hash, bumped.hash],
    });
    expect(await escrowStatus(quote.applicationId)).toBe(paid);
    expect(await sentCount()).toBe(1);
  });

  it("attaches the access list of a settlement or a gasless payment on Circle's USDC to every version it signs", async () => {
    const client = f.chain.publicClient;
    const accessList = ({ data }: { to: Address; data: Hex }) =>
      escrowAccessList({ client, escrow: f.escrow, data, fiatTokens: [f.tokens.USDC] });
    const settler = f.authorities[0]!.settler;
    const payer = f.accounts.payers[0]!;
    const quote = await f.makeQuote({ payer: payer.address });
    await f.approve(quote.token, payer, quote.amount);
    await f.call(payer, "pay", [quote, await f.signQuote(quote)]);
    await f.chain.testClient.setAutomine(false);

    const r = relayer({ account: settler, accessList });
    const data = encodeSettlementCall("refund", quote);
    const expected = await accessList({ to: f.escrow, data });
    // The proxy with its five slots, and the implementation.
    expect(expected?.map((entry) => entry.storageKeys.length)).toEqual([5, 0]);
    // As the node returns it (addresses in lower case).
    const sentList = async (hash: Hex) =>
      (await client.getTransaction({ hash })).accessList?.map(({ address, storageKeys }) => ({
        address: getAddress(address),
        storageKeys,
      }));
    const first = await r.send({ key: `refund:${quote.applicationId}`, to: f.escrow, data });
    expect(await sentList(first.hash)).toEqual(expected);
    now += bumpAfterMs;
    expect(await r.tick()).toMatchObject({ bumped: 1 });
    const bumped = (await r.get(`refund:${quote.applicationId}`))!;
    expect(bumped.hash).not.toBe(first.hash);
    expect(await sentList(bumped.hash)).toEqual(expected);
    await f.chain.testClient.mine({ blocks: 1 });
    expect(await r.tick()).toMatchObject({ mined: 1 });

    const payments = relayer({ accessList });
    const payment = await gaslessPayment(1);
    const paymentList = await accessList({ to: f.escrow, data: payment.data });
    // The proxy with its seven slots (the authorization's nonce among them), the implementation,
    // its SignatureChecker library and the payer.
    expect(paymentList?.map((entry) => entry.storageKeys.length)).toEqual([7, 0, 0, 0]);
    const sent = await payments.send({ key: payment.digest, to: f.escrow, data: payment.data });
    expect(await sentList(sent.hash)).toEqual(paymentList);
  });

  it("stops bumping at the fee cap and re-broadcasts the same version instead", async () => {
    await f.chain.testClient.setAutomine(false);
    // 20 % above the market allows one bump of 12.5 %, not two.
    const r = relayer({ maxFeeBumpPercent: 20 });
    const { digest, data } = await gaslessPayment();
    await r.send({ key: digest, to: f.escrow, data });
    now += bumpAfterMs;
    expect(await r.tick()).toMatchObject({ bumped: 1, rebroadcast: 0 });
    const once = (await r.get(digest))!;
    now += bumpAfterMs;
    expect(await r.tick()).toMatchObject({ bumped: 0, rebroadcast: 1 });
    expect(await r.get(digest)).toMatchObject({
      hash: once.hash,
      hashes: once.hashes,
      maxFeePerGas: once.maxFeePerGas,
      attempts: 3,
      sentAt: new Date(now),
      error: null,
    });
    await f.chain.testClient.mine({ blocks: 1 });
    expect(await r.tick()).toMatchObject({ mined: 1 });
    expect(await r.get(digest)).toMatchObject({ status: "mined", hash: once.hash });
  });

  it("records a transaction reverted on chain as failed, with the decoded error", async () => {
    // Stuck in the mempool until the quote expired: it passed the pre-flight, then reverts when mined.
    await f.chain.testClient.setAutomine(false);
    const r = relayer();
    const { quote, digest, data } = await gaslessPayment();
    const record = await r.send({ key: digest, to: f.escrow, data });
    await f.chain.testClient.increaseTime({ seconds: 900 });
    await f.chain.testClient.mine({ blocks: 1 });
    const receipt = await f.chain.publicClient.getTransactionReceipt({ hash: record.hash });
    expect(receipt.status).toBe("reverted");

    expect(await r.tick()).toMatchObject({ mined: 0, failed: 1 });
    expect(await r.get(digest)).toMatchObject({
      status: "failed",
      hash: record.hash,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed,
      error: `EscrowQuoteExpired(${quote.applicationId}, ${quote.expiresAt})`,
    });
    expect(await escrowStatus(quote.applicationId)).toBe(0);
  });

  it("sends nothing and records nothing when the pre-flight reverts, so the key stays usable", async () => {
    const r = relayer();
    const { quote, digest, data } = await gaslessPayment();
    // The relayer is no settler: releasing reverts.
    const release = encodeSettlementCall("release", quote);
    const error = await r.send({ key: digest, to: f.escrow, data: release }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelayedCallRevertedError);
    expect(error).toMatchObject({
      code: "ENTRADA_RELAYED_CALL_REVERTED",
      errorName: "EscrowUnauthorizedSettler",
      args: [quote.authorityId, f.accounts.relayer.address],
    });
    expect(await rows()).toEqual([]);
    expect(await sentCount()).toBe(0);
    expect(await r.send({ key: digest, to: f.escrow, data })).toMatchObject({ nonce: 0, status: "pending" });
  });

  it("marks a transaction replaced when its nonce went to another transaction", async () => {
    await f.chain.testClient.setAutomine(false);
    const r = relayer();
    const { digest, data } = await gaslessPayment();
    const record = await r.send({ key: digest, to: f.escrow, data });
    // Someone else signs with the relayer's key: the same nonce, a plain transfer at a higher fee.
    await f.chain.wallet(f.accounts.relayer).sendTransaction({
      to: f.accounts.stranger.address,
      value: 1n,
      nonce: record.nonce,
      gas: 21_000n,
      maxFeePerGas: record.maxFeePerGas * 2n,
      maxPriorityFeePerGas: record.maxPriorityFeePerGas * 2n,
    });
    await f.chain.testClient.mine({ blocks: 1 });
    now += 5;
    expect(await r.tick()).toMatchObject({ replaced: 1 });
    expect(await r.get(digest)).toMatchObject({ status: "replaced", hash: record.hash, settledAt: new Date(now) });
    expect(await isMined(record.hash)).toBe(false);
  });

  it("keeps a refused broadcast pending with the node's error, then gets it through once funded", async () => {
    const poor = privateKeyToAccount(generatePrivateKey());
    const r = relayer({ account: poor });
    const { digest, data } = await gaslessPayment();
    const record = await r.send({ key: digest, to: f.escrow, data });
    expect(record).toMatchObject({ status: "pending", nonce: 0, attempts: 1 });
    expect(record.error).toMatch(/doesn't have enough funds/);
    // The nonce stays taken: the next send does not reuse it.
    const next = await gaslessPayment(1);
    expect(await r.send({ key: next.digest, to: f.escrow, data: next.data })).toMatchObject({ nonce: 1 });

    await f.chain.wallet(devAccount(30)).sendTransaction({ to: poor.address, value: parseEther("1") });
    now += bumpAfterMs;
    expect(await r.tick()).toMatchObject({ bumped: 2 });
    expect(await r.get(digest)).toMatchObject({ attempts: 2, error: null });
    expect(await r.tick()).toMatchObject({ mined: 2 });
    expect(await sentCount(poor.address)).toBe(2);
  });

  it("refuses a well-known development key on a live chain, and a chain id the client does not serve", async () => {
    expect(() => relayer({ chainId: 8453 })).toThrow(DevKeyOnLiveChainError);
    expect(() => relayer({ chainId: 8453, account: privateKeyToAccount(generatePrivateKey()) })).toThrow(
      new ChainIdMismatchError({ expected: 8453, actual: 31337 }),
    );
    expect(() => relayer({ bumpAfterMs: 0 })).toThrow(RangeError);
    expect(() => relayer({ maxFeeBumpPercent: -1 })).toThrow(RangeError);
  });
});
