import { type Relayer as ChainRelayer, createIndexer, createRelayer } from "@entrada/chain";
import {
  createLocalChain,
  type Deployment,
  DevUSDT,
  demoAccounts,
  deployDemo,
  devAccount,
  type LocalChain,
  localChainDefinition,
  startLocalChainServer,
} from "@entrada/contracts";
import { applications, relayerTransactions, settlementJobs } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq, inArray } from "drizzle-orm";
import pino from "pino";
import { type Address, createPublicClient, erc20Abi, type Hex, http, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEscrowAccessList } from "../chain/createEscrowAccessList.ts";
import type { Relayers } from "../chain/Relayer.ts";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { createDecisionService } from "../services/createDecisionService.ts";
import { createQuoted, type QuoteJson } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { escrowPaid } from "../testing/escrowEvents.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";
import { type RpcProxy, startRpcProxy } from "../testing/startRpcProxy.ts";
import { createExpiryJob } from "./createExpiryJob.ts";
import { createSettlementWorker, type SettlementWorker, settlementBackoffMs } from "./createSettlementWorker.ts";

// Settlements on the real local chain: the relayers are the real ones (the gb-eta settler behind a
// proxy the tests cut off, as an unreachable RPC), the escrow is the demo deployment, the indexer
// reads its events. Amounts are exact: a release pays the authority the quote's token amount (the
// total less the platform fee); a refund or a claim pays the payer the whole total back.

/** The demo deployment on the in-process chain, deployed once for the file, and its RPC served over HTTP. */
let localDemo: Promise<{ chain: LocalChain; deployment: Deployment; url: string; close(): Promise<void> }> | undefined;
function onLocalChain() {
  localDemo ??= (async () => {
    const chain = await createLocalChain();
    const deployment = await deployDemo(chain);
    const server = await startLocalChainServer({ host: "127.0.0.1", port: 0 });
    return { chain, deployment, url: server.url, close: () => server.close() };
  })();
  return localDemo;
}
afterAll(async () => (await localDemo)?.close());

const gbEta = demoAccounts.authority(2);

describe.each(createTestDatabases())("settlements on the local chain on $name", ({ open }) => {
  let database: TestDatabase;
  let chain: LocalChain;
  let deployment: Deployment;
  let proxy: RpcProxy;
  let relayers: Relayers & { payments: ChainRelayer; settlers: { "gb-eta": ChainRelayer } };
  let t: TestApp;
  let ana: TestUser;
  let officer: TestUser;
  const warnings: { msg: string; code?: string; cause?: string; applicationId?: string }[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line)) });

  beforeAll(async () => {
    database = await open();
    let url: string;
    ({ chain, deployment, url } = await onLocalChain());
    proxy = await startRpcProxy(url);
    // The settler reaches the chain through the proxy, with no retries of its own: the worker retries.
    const throughProxy = createPublicClient({
      chain: localChainDefinition,
      transport: http(proxy.url, { retryCount: 0 }),
      cacheTime: 0,
    });
    const options = { db: database.db, chainId: 31337, bumpAfterMs: 30_000 } as const;
    relayers = {
      payments: createRelayer({
        ...options,
        client: chain.publicClient,
        account: devAccount(demoAccounts.relayer),
        accessList: createEscrowAccessList({ client: chain.publicClient, deployment }),
      }),
      settlers: {
        "gb-eta": createRelayer({
          ...options,
          client: throughProxy,
          account: devAccount(gbEta.settler),
          accessList: createEscrowAccessList({ client: throughProxy, deployment }),
        }),
      },
    };
    t = await createTestApp({
      db: database.db,
      deployment: { chainId: 31337, escrow: deployment.escrow, tokens: deployment.tokens },
      relayers,
      logger,
    });
    ana = await signIn(t.app);
    officer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
  });
  afterAll(async () => {
    await t.app.close();
    await proxy.close();
    await database.close();
  });

  const worker = (workerId = "worker-a"): SettlementWorker =>
    createSettlementWorker({ db: database.db, relayers, clock: t.clock, logger, workerId });
  const handler = () => createChainEventHandler({ deployment: t.deployment, confirmations: 1, clock: t.clock, logger });

  /** Reads every escrow event so far, as the runtime's indexer does. */
  async function index(): Promise<void> {
    const indexer = createIndexer({
      db: database.db,
      client: chain.publicClient,
      chainId: 31337,
      escrow: deployment.escrow,
      startBlock: BigInt(deployment.startBlock),
      confirmations: 1,
      handler: handler(),
    });
    while ((await indexer.syncOnce()).type !== "idle") {}
  }

  /** Puts the server's clock at the chain's latest block, so quotes and deadlines agree with the chain. */
  async function catchUp(): Promise<void> {
    const block = await chain.publicClient.getBlock({ blockTag: "latest" });
    t.clock.set(new Date(Number(block.timestamp) * 1000));
  }

  const usdtOf = (owner: Address) =>
    chain.publicClient.readContract({
      address: deployment.tokens.USDT,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });

  /**
   * A UK ETA application paid on chain in USDT from the traveller's own wallet (approve, then `pay`
   * with the calldata the API hands out), and seen paid by the indexer.
   */
  async function paidOnChain(): Promise<{ id: string; quote: QuoteJson; total: bigint; tokenAmount: bigint }> {
    await catchUp();
    const { application, quote } = await createQuoted(t.app, ana, "USDT");
    const total = BigInt(quote.escrowQuote.amount!);
    const payer = chain.wallet(ana.account);
    await chain.testClient.setBalance({ address: ana.account.address, value: parseEther("1") });
    const minted = await chain.wallet(devAccount(0)).writeContract({
      address: deployment.tokens.USDT,
      abi: DevUSDT.abi,
      functionName: "mint",
      args: [ana.account.address, total],
    });
    await chain.publicClient.waitForTransactionReceipt({ hash: minted });
    const instructions = await t.app.inject({
      method: "GET",
      url: `/api/v1/applications/${application.id}/payment`,
      headers: ana.headers,
    });
    expect(instructions.statusCode, instructions.body).toBe(200);
    const { pay } = instructions.json() as { pay: { approve: { to: Hex; data: Hex }; pay: { to: Hex; data: Hex } } };
    for (const call of [pay.approve, pay.pay]) {
      const hash = await payer.sendTransaction(call);
      expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    }
    await index();
    expect(await stateOf(application.id)).toBe("paid");
    return { id: application.id, quote, total, tokenAmount: total - BigInt(quote.escrowQuote.platformFee!) };
  }

  async function stateOf(id: string): Promise<string> {
    const [row] = await database.db
      .select({ state: applications.state })
      .from(applications)
      .where(eq(applications.id, id));
    return row!.state;
  }
  const jobOf = async (id: string) =>
    (await database.db.select().from(settlementJobs).where(eq(settlementJobs.applicationId, id)))[0]!;
  const relayed = (key: string) =>
    database.db.select().from(relayerTransactions).where(eq(relayerTransactions.key, key));
  const decide = (id: string, decision: "approve" | "reject", payload: Record<string, string> = {}) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${id}/${decision}`,
      headers: officer.headers,
      payload,
    });
  const view = async (id: string, user: TestUser) =>
    (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/${user === officer ? "officer/" : ""}applications/${id}`,
        headers: user.headers,
      })
    ).json();

  test("the escrow holds nothing for a paid application: the approval stands, its release is blocked with the reason, visibly, never a 5xx", async () => {
    // Paid in the database only, as after the development chain came back empty (issue 9).
    await catchUp();
    const { application, quote } = await createQuoted(t.app, ana, "USDT");
    await database.db.transaction((tx) => handler().onEvents(tx, [escrowPaid(quote.escrowQuote as never)]));
    const id = application.id;

    const approved = await decide(id, "approve");
    expect(approved.statusCode, approved.body).toBe(200);
    const reason = {
      code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN",
      message: `The escrow holds no open payment for this application on the chain (never paid there, or already settled). (The call would revert with EscrowNotOpen(${application.onchainId}); it was not sent.)`,
    };
    expect(approved.json()).toMatchObject({
      application: { state: "approved" },
      settlement: { kind: "release", status: "blocked", txHash: null, attempts: 1, nextAttemptAt: null, reason },
    });
    // Officer and traveller both see it; nothing was sent, so nothing can be paid twice later.
    expect((await view(id, officer)).settlement).toMatchObject({ status: "blocked", reason });
    expect((await view(id, ana)).settlement).toMatchObject({ status: "blocked", reason });
    expect(await relayed(`release:${quote.digest}`)).toEqual([]);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        msg: "settlement blocked",
        applicationId: id,
        code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN",
        cause: reason.message,
      }),
    );

    // Blocked is not retried blindly: the worker leaves it alone, whatever the time.
    t.clock.advance(3600);
    expect(await worker().runDue()).toEqual({ sent: 0, succeeded: 0, blocked: 0, retrying: 0, cancelled: 0 });
    // An operator's retry tries again, and it is still blocked for the same reason.
    const retried = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${id}/settlement/retry`,
      headers: officer.headers,
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().settlement).toMatchObject({ status: "blocked", attempts: 2, reason });
    expect(await stateOf(id)).toBe("approved");
  });

  test("the RPC down when the officer approves: the decision is durable, the release retried with backoff, then settled and issued", async () => {
    const { id, quote, tokenAmount } = await paidOnChain();
    const payout = devAccount(gbEta.payout).address;
    const payoutBefore = await usdtOf(payout);
    proxy.down();
    const approved = await decide(id, "approve");
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      application: { state: "approved" },
      settlement: {
        kind: "release",
        status: "queued",
        txHash: null,
        attempts: 1,
        nextAttemptAt: new Date(t.clock().getTime() + 5_000).toISOString(),
        reason: { code: "ENTRADA_RELAYER_FAILED" },
      },
    });
    expect(await stateOf(id)).toBe("approved");

    // Still down at the retry: the next one waits twice as long.
    t.clock.advance(5);
    expect(await worker().runDue()).toMatchObject({ retrying: 1, sent: 0 });
    expect(await jobOf(id)).toMatchObject({
      status: "queued",
      attempts: 2,
      nextAttemptAt: new Date(t.clock().getTime() + 10_000),
      lastErrorCode: "ENTRADA_RELAYER_FAILED",
    });
    // Not due before then.
    t.clock.advance(9);
    expect(await worker().runDue()).toMatchObject({ retrying: 0, sent: 0 });

    // The RPC is back: sent, mined, checked, indexed.
    proxy.up();
    t.clock.advance(1);
    expect(await worker().runDue()).toMatchObject({ sent: 1 });
    const sent = await jobOf(id);
    expect(sent).toMatchObject({ status: "sent", attempts: 3, lastErrorCode: null });
    const [transaction] = await relayed(`release:${quote.digest}`);
    expect(transaction!.hash).toBe(sent.txHash);
    await relayers.settlers["gb-eta"].tick();
    t.clock.advance(2);
    expect(await worker().runDue()).toMatchObject({ succeeded: 1 });
    expect(await jobOf(id)).toMatchObject({ status: "succeeded", txHash: transaction!.hash, nextAttemptAt: null });
    await index();
    expect(await stateOf(id)).toBe("issued");
    expect(await usdtOf(payout)).toBe(payoutBefore + tokenAmount);
    expect((await view(id, ana)).settlement).toMatchObject({ status: "succeeded", txHash: transaction!.hash });
  });

  test("a rejection refunds the payer the whole total through its job", async () => {
    const { id, quote, total } = await paidOnChain();
    const before = await usdtOf(ana.account.address);
    const rejected = await decide(id, "reject", { reason: "The photo does not match the passport." });
    expect(rejected.statusCode, rejected.body).toBe(200);
    // The first attempt, right after the commit, sent it.
    expect(rejected.json().settlement).toMatchObject({ kind: "refund", status: "sent", attempts: 1, reason: null });
    const [transaction] = await relayed(`refund:${quote.digest}`);
    expect(rejected.json().settlement.txHash).toBe(transaction!.hash);
    await relayers.settlers["gb-eta"].tick();
    t.clock.advance(2);
    expect(await worker().runDue()).toMatchObject({ succeeded: 1 });
    await index();
    expect(await stateOf(id)).toBe("refunded");
    expect(await usdtOf(ana.account.address)).toBe(before + total);
  });

  test("two workers at once never send one settlement twice", async () => {
    const paid = [await paidOnChain(), await paidOnChain(), await paidOnChain()];
    // Decided while the RPC is down: three queued releases, due together.
    proxy.down();
    for (const { id } of paid) expect((await decide(id, "approve")).json().settlement.status).toBe("queued");
    proxy.up();
    t.clock.advance(5);
    const [a, b] = await Promise.all([worker("worker-a").runDue(), worker("worker-b").runDue()]);
    expect(a.sent + b.sent).toBe(3);
    const jobs = await database.db
      .select()
      .from(settlementJobs)
      .where(
        inArray(
          settlementJobs.applicationId,
          paid.map((p) => p.id),
        ),
      );
    // One send attempt each after the failed first: no job was worked twice.
    expect(jobs.map((job) => [job.status, job.attempts])).toEqual([
      ["sent", 2],
      ["sent", 2],
      ["sent", 2],
    ]);
    for (const { quote } of paid) expect(await relayed(`release:${quote.digest}`)).toHaveLength(1);
  });

  test("a crash between the decision's commit and its send, or mid-send, loses nothing: the next start sends it", async () => {
    const { id, quote } = await paidOnChain();
    // A process that commits the decision and dies before its first attempt.
    const dying = createDecisionService({
      db: database.db,
      deployment: t.deployment,
      applications: { view: async () => ({}) as never } as never,
      settlements: {
        attempt: async () => {
          throw new Error("SIGKILL");
        },
        requeue: async () => {
          throw new Error("SIGKILL");
        },
      },
      clock: t.clock,
    });
    await dying.approve({ id: officer.id, via: "session", roles: ["officer"], authorityId: "gb-eta" }, id);
    expect(await stateOf(id)).toBe("approved");
    expect(await jobOf(id)).toMatchObject({ status: "queued", attempts: 0, lockedBy: null });

    // A worker claimed it and died too: its lease keeps others off until it runs out.
    const [job] = await database.db
      .update(settlementJobs)
      .set({ lockedBy: "dead-worker", lockedUntil: new Date(t.clock().getTime() + 60_000), attempts: 1 })
      .where(eq(settlementJobs.applicationId, id))
      .returning();
    expect(job).toBeDefined();
    const restarted = worker("after-restart");
    expect(await restarted.runDue()).toMatchObject({ sent: 0 });
    t.clock.advance(61);
    expect(await restarted.runDue()).toMatchObject({ sent: 1 });
    expect(await jobOf(id)).toMatchObject({ status: "sent", attempts: 2, lockedBy: null });
    expect(await relayed(`release:${quote.digest}`)).toHaveLength(1);
  });

  test("the backoff doubles from 5 s and stops growing at 5 min", () => {
    const backoff = { baseMs: 5_000, maxMs: 300_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((attempts) => settlementBackoffMs(attempts, backoff))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
  });

  // Last: it moves the chain's clock past the decision deadline, days ahead, and back after.
  test("an expiry's claim goes through its job and pays the payer back in full", async () => {
    const { id, quote, total } = await paidOnChain();
    const snapshot = await chain.snapshot();
    try {
      await claimAfterDeadline(id, quote, total);
    } finally {
      // The next database's run quotes at the chain's time, with prices fresh at the wall clock's.
      await chain.revert(snapshot);
    }
  });

  async function claimAfterDeadline(id: string, quote: QuoteJson, total: bigint): Promise<void> {
    const before = await usdtOf(ana.account.address);
    const deadline = BigInt(quote.escrowQuote.decisionDeadline!);
    const latest = await chain.publicClient.getBlock({ blockTag: "latest" });
    await chain.testClient.increaseTime({ seconds: Number(deadline - latest.timestamp) + 60 });
    await chain.testClient.mine({ blocks: 1 });
    await catchUp();

    const expiry = createExpiryJob({ db: database.db, deployment: t.deployment, clock: t.clock, claimByRelayer: true });
    expect((await expiry.expireOverdue()).claims).toContain(id);
    expect(await jobOf(id)).toMatchObject({ kind: "claim", status: "queued", relayerKey: `claim:${quote.digest}` });
    expect(await worker().runDue()).toMatchObject({ sent: 1 });
    const [transaction] = await relayed(`claim:${quote.digest}`);
    expect(transaction!.from).toBe(devAccount(demoAccounts.relayer).address.toLowerCase());
    await relayers.payments.tick();
    t.clock.advance(2);
    expect(await worker().runDue()).toMatchObject({ succeeded: 1 });
    await index();
    expect(await stateOf(id)).toBe("refunded");
    expect(await usdtOf(ana.account.address)).toBe(before + total);
    expect((await view(id, ana)).settlement).toMatchObject({ kind: "claim", status: "succeeded" });
  }
});
