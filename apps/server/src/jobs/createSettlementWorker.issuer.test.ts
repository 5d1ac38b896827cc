import { type Relayer as ChainRelayer, createIndexer, createRelayer } from "@entrada/chain";
import {
  createLocalChain,
  type Deployment,
  demoAccounts,
  deployDemo,
  devAccount,
  FiatTokenV2_2,
  fiatTokenBalanceSlot,
  type LocalChain,
  readFiatTokenImplementation,
} from "@entrada/contracts";
import { applications, relayerTransactions, settlementJobs } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq, like } from "drizzle-orm";
import pino from "pino";
import { type Address, erc20Abi, getAddress, type Hex, parseEther, parseGwei } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createEscrowAccessList } from "../chain/createEscrowAccessList.ts";
import type { Relayers } from "../chain/Relayer.ts";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { createQuoted, type QuoteJson } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";
import { countSettlementBacklog } from "./countSettlementBacklog.ts";
import { createExpiryJob } from "./createExpiryJob.ts";
import { createSettlementWorker, type SettlementWorker } from "./createSettlementWorker.ts";

// The token issuer's powers, on Circle's real FiatTokenV2_2 (deployDemo's USDC, behind its proxy):
// the deployer (dev account 0) holds the issuer's roles, so the tests blacklist, pause and lift
// like Circle would. Every settlement the issuer holds stays in the escrow, is shown as held, is not
// sent while held, and is settled by the worker's own re-check (5 minutes on the server's clock)
// once lifted. Balances move exactly once: the payer gets the quote's total back, the authority's
// payout the total less the platform fee, and the escrow loses exactly that.

const gbEta = demoAccounts.authority(2);
const issuer = devAccount(0);
const recheckSeconds = 300;

describe.each(createTestDatabases())("settlements held by the token issuer on $name", ({ open }) => {
  let database: TestDatabase;
  let chain: LocalChain;
  let deployment: Deployment;
  let relayers: Relayers & { payments: ChainRelayer; settlers: { "gb-eta": ChainRelayer } };
  let t: TestApp;
  let ana: TestUser;
  let officer: TestUser;
  const logs: { msg: string; level: number; code?: string; cause?: string; applicationId?: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) });

  beforeAll(async () => {
    database = await open();
    chain = await createLocalChain();
    deployment = await deployDemo(chain);
    const options = {
      db: database.db,
      client: chain.publicClient,
      chainId: 31337,
      bumpAfterMs: 30_000,
      // As the server sends settlements: with the access list of Circle's USDC.
      accessList: createEscrowAccessList({ client: chain.publicClient, deployment }),
    } as const;
    relayers = {
      payments: createRelayer({ ...options, account: devAccount(demoAccounts.relayer) }),
      settlers: { "gb-eta": createRelayer({ ...options, account: devAccount(gbEta.settler) }) },
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
    await database.close();
  });
  // Whatever a test did to the token, the next starts with it unpaused and nobody blacklisted.
  afterEach(async () => {
    await chain.testClient.setAutomine(true);
    if (await usdc("paused", [])) await asIssuer("unpause", []);
    for (const account of [ana.account.address, devAccount(gbEta.payout).address]) {
      if (await usdc("isBlacklisted", [account])) await asIssuer("unBlacklist", [account]);
    }
  });

  /** The runtime's worker: it reads the token before each send. */
  const worker = (): SettlementWorker =>
    createSettlementWorker({ db: database.db, relayers, clock: t.clock, logger, readChain: () => chain.publicClient });

  const usdc = (functionName: "paused" | "isBlacklisted", args: [] | [Address]) =>
    chain.publicClient.readContract({
      address: deployment.tokens.USDC,
      abi: FiatTokenV2_2.abi,
      functionName,
      args,
    } as never) as Promise<boolean>;
  /** The issuer (Circle) acts on its token. */
  async function asIssuer(functionName: "blacklist" | "unBlacklist" | "pause" | "unpause", args: [] | [Address]) {
    const hash = await chain.wallet(issuer).writeContract({
      address: deployment.tokens.USDC,
      abi: FiatTokenV2_2.abi,
      functionName,
      args,
    } as never);
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
  }
  const balanceOf = (owner: Address) =>
    chain.publicClient.readContract({
      address: deployment.tokens.USDC,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });

  async function index(): Promise<void> {
    const indexer = createIndexer({
      db: database.db,
      client: chain.publicClient,
      chainId: 31337,
      escrow: deployment.escrow,
      startBlock: BigInt(deployment.startBlock),
      confirmations: 1,
      handler: createChainEventHandler({ deployment: t.deployment, confirmations: 1, clock: t.clock, logger }),
    });
    while ((await indexer.syncOnce()).type !== "idle") {}
  }

  async function catchUp(): Promise<void> {
    const block = await chain.publicClient.getBlock({ blockTag: "latest" });
    t.clock.set(new Date(Number(block.timestamp) * 1000));
  }

  /** A UK ETA application paid in USDC from the traveller's own wallet (approve, then `pay`), seen paid. */
  async function paidInUsdc(): Promise<{ id: string; quote: QuoteJson; total: bigint; tokenAmount: bigint }> {
    await catchUp();
    const { application, quote } = await createQuoted(t.app, ana, "USDC");
    const total = BigInt(quote.escrowQuote.amount!);
    await chain.testClient.setBalance({ address: ana.account.address, value: parseEther("1") });
    const minted = await chain.wallet(issuer).writeContract({
      address: deployment.tokens.USDC,
      abi: FiatTokenV2_2.abi,
      functionName: "mint",
      args: [ana.account.address, total],
    } as never);
    await chain.publicClient.waitForTransactionReceipt({ hash: minted });
    const instructions = await t.app.inject({
      method: "GET",
      url: `/api/v1/applications/${application.id}/payment`,
      headers: ana.headers,
    });
    expect(instructions.statusCode, instructions.body).toBe(200);
    const { pay } = instructions.json() as { pay: { approve: { to: Hex; data: Hex }; pay: { to: Hex; data: Hex } } };
    for (const call of [pay.approve, pay.pay]) {
      const hash = await chain.wallet(ana.account).sendTransaction(call);
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
  /** Every relayer transaction of a settlement (its key, and `#2`… after a spent one). */
  const relayed = (key: string) =>
    database.db
      .select()
      .from(relayerTransactions)
      .where(like(relayerTransactions.key, `${key}%`));
  const decide = (id: string, decision: "approve" | "reject") =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${id}/${decision}`,
      headers: officer.headers,
      payload: decision === "reject" ? { reason: "The photo does not match the passport." } : {},
    });
  const settlementSeenBy = async (id: string, user: TestUser) =>
    (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/${user === officer ? "officer/" : ""}applications/${id}`,
        headers: user.headers,
      })
    ).json().settlement;
  /** Mines what the relayers sent and lets the worker see the receipts and the indexer the events. */
  async function settle(relayer: ChainRelayer, id: string): Promise<void> {
    await relayer.tick();
    t.clock.advance(2);
    expect(await worker().runDue()).toMatchObject({ succeeded: 1 });
    await index();
    expect((await jobOf(id)).status).toBe("succeeded");
  }

  test("a payer blacklisted after paying: the refund is held, visibly, re-checked without sending, and settled on its own once lifted", async () => {
    const { id, quote, total } = await paidInUsdc();
    const payer = ana.account.address;
    const [payerBefore, escrowBefore] = [await balanceOf(payer), await balanceOf(deployment.escrow)];
    await asIssuer("blacklist", [payer]);

    const rejected = await decide(id, "reject");
    expect(rejected.statusCode, rejected.body).toBe(200);
    // The first attempt (the relayer's pre-flight) finds the issuer's revert; nothing was sent.
    const held = {
      kind: "refund",
      status: "blocked",
      txHash: null,
      nextAttemptAt: new Date(t.clock().getTime() + recheckSeconds * 1000).toISOString(),
      reason: {
        code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
        message:
          "The token's issuer has blacklisted an account that the payer's refund moves from or to; the money stays in the escrow and is sent once the issuer lifts it. (The call would revert with Error(\"Blacklistable: account is blacklisted\"); it was not sent.)",
      },
    };
    expect(rejected.json()).toMatchObject({ application: { state: "rejected" }, settlement: held });
    expect(await settlementSeenBy(id, ana)).toMatchObject(held);
    expect(await settlementSeenBy(id, officer)).toMatchObject(held);
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: "settlement held by the token issuer",
        applicationId: id,
        code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
      }),
    );
    expect(await countSettlementBacklog(database.db, { now: t.clock() })).toMatchObject({
      blocked: 1,
      heldByIssuer: 1,
    });

    // Not due before the re-check; at it, still blacklisted: read from the token, nothing sent.
    t.clock.advance(recheckSeconds - 1);
    expect(await worker().runDue()).toEqual({ sent: 0, succeeded: 0, blocked: 0, retrying: 0, cancelled: 0 });
    t.clock.advance(1);
    expect(await worker().runDue()).toMatchObject({ blocked: 1, sent: 0 });
    expect(await jobOf(id)).toMatchObject({
      status: "blocked",
      lastErrorCode: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
      lastErrorMessage: `The token's issuer has blacklisted the payer ${payer}; the payer's refund stays in the escrow and is sent once the issuer lifts it. (Read from the token before sending; nothing was sent.)`,
      nextAttemptAt: new Date(t.clock().getTime() + recheckSeconds * 1000),
    });
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: "settlement still held by the token issuer", applicationId: id }),
    );
    expect(await relayed(`refund:${quote.digest}`)).toEqual([]);
    expect(await balanceOf(deployment.escrow)).toBe(escrowBefore);

    // Circle lifts it: the next re-check sends, and the refund settles with nobody at Entrada acting.
    await asIssuer("unBlacklist", [payer]);
    t.clock.advance(recheckSeconds);
    expect(await worker().runDue()).toMatchObject({ sent: 1 });
    await settle(relayers.settlers["gb-eta"], id);
    expect(await stateOf(id)).toBe("refunded");
    expect(await settlementSeenBy(id, ana)).toMatchObject({ status: "succeeded", reason: null });
    const [sent] = await relayed(`refund:${quote.digest}`);
    expect(await relayed(`refund:${quote.digest}`)).toHaveLength(1);
    // Sent with the access list of Circle's USDC: the proxy with the payer's balance among its slots.
    const { accessList } = await chain.publicClient.getTransaction({ hash: sent!.hash });
    expect(accessList?.map((entry) => [getAddress(entry.address), entry.storageKeys.length])).toEqual([
      [getAddress(deployment.tokens.USDC), 5],
      [await readFiatTokenImplementation(chain.publicClient, deployment.tokens.USDC), 0],
    ]);
    expect(accessList?.[0]?.storageKeys).toContain(fiatTokenBalanceSlot(payer));
    expect(await balanceOf(payer)).toBe(payerBefore + total);
    expect(await balanceOf(deployment.escrow)).toBe(escrowBefore - total);
    expect(await countSettlementBacklog(database.db, { now: t.clock() })).toMatchObject({ heldByIssuer: 0 });
  });

  test("a blacklisted authority payout holds the release; an officer's retry after the lift releases it", async () => {
    const { id, quote, tokenAmount } = await paidInUsdc();
    const payout = devAccount(gbEta.payout).address;
    const [payoutBefore, escrowBefore] = [await balanceOf(payout), await balanceOf(deployment.escrow)];
    await asIssuer("blacklist", [payout]);

    const approved = await decide(id, "approve");
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      application: { state: "approved" },
      settlement: { kind: "release", status: "blocked", reason: { code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER" } },
    });
    // The re-check names the payout, read from the escrow's registry and the token.
    t.clock.advance(recheckSeconds);
    await worker().runDue();
    expect((await jobOf(id)).lastErrorMessage).toBe(
      `The token's issuer has blacklisted the authority's payout ${payout}; the authority's fee stays in the escrow and is sent once the issuer lifts it. (Read from the token before sending; nothing was sent.)`,
    );

    // Lifted; an officer does not wait for the re-check.
    await asIssuer("unBlacklist", [payout]);
    const retried = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${id}/settlement/retry`,
      headers: officer.headers,
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().settlement).toMatchObject({ status: "sent", reason: null });
    await settle(relayers.settlers["gb-eta"], id);
    expect(await stateOf(id)).toBe("issued");
    expect(await relayed(`release:${quote.digest}`)).toHaveLength(1);
    expect(await balanceOf(payout)).toBe(payoutBefore + tokenAmount);
    expect(await balanceOf(deployment.escrow)).toBe(escrowBefore - tokenAmount);
  });

  test("a paused token holds every settlement; unpaused, the re-check settles it", async () => {
    const { id, quote, total } = await paidInUsdc();
    const payer = ana.account.address;
    const [payerBefore, escrowBefore] = [await balanceOf(payer), await balanceOf(deployment.escrow)];
    await asIssuer("pause", []);

    expect((await decide(id, "reject")).json().settlement).toMatchObject({
      status: "blocked",
      reason: {
        code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
        message: expect.stringMatching(/^The token's issuer has paused the token/),
      },
    });
    t.clock.advance(recheckSeconds);
    expect(await worker().runDue()).toMatchObject({ blocked: 1, sent: 0 });
    expect((await jobOf(id)).lastErrorMessage).toMatch(
      /^The token's issuer has paused the token; the payer's refund stays/,
    );

    await asIssuer("unpause", []);
    t.clock.advance(recheckSeconds);
    expect(await worker().runDue()).toMatchObject({ sent: 1 });
    await settle(relayers.settlers["gb-eta"], id);
    expect(await stateOf(id)).toBe("refunded");
    expect(await relayed(`refund:${quote.digest}`)).toHaveLength(1);
    expect(await balanceOf(payer)).toBe(payerBefore + total);
    expect(await balanceOf(deployment.escrow)).toBe(escrowBefore - total);
  });

  test("blacklisted between the pre-flight and the block: the mined revert is held, and once lifted sent again under a new key, once", async () => {
    const { id, quote, total } = await paidInUsdc();
    const payer = ana.account.address;
    const [payerBefore, escrowBefore] = [await balanceOf(payer), await balanceOf(deployment.escrow)];
    await chain.testClient.setAutomine(false);
    // The refund passes every check and is broadcast; the issuer's blacklisting, paying a higher tip,
    // is mined before it in the same block.
    expect((await decide(id, "reject")).json().settlement).toMatchObject({ status: "sent" });
    await chain.wallet(issuer).writeContract({
      address: deployment.tokens.USDC,
      abi: FiatTokenV2_2.abi,
      functionName: "blacklist",
      args: [payer],
      maxPriorityFeePerGas: parseGwei("50"),
      maxFeePerGas: parseGwei("500"),
    } as never);
    await chain.testClient.mine({ blocks: 1 });
    await chain.testClient.setAutomine(true);
    expect(await usdc("isBlacklisted", [payer])).toBe(true);

    await relayers.settlers["gb-eta"].tick();
    t.clock.advance(2);
    expect(await worker().runDue()).toMatchObject({ blocked: 1 });
    const [spent] = await relayed(`refund:${quote.digest}`);
    expect(spent).toMatchObject({ status: "failed", error: 'Error("Blacklistable: account is blacklisted")' });
    expect(await jobOf(id)).toMatchObject({ status: "blocked", lastErrorCode: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER" });

    // Still held at the re-check: nothing new is sent.
    t.clock.advance(recheckSeconds);
    expect(await worker().runDue()).toMatchObject({ blocked: 1, sent: 0 });
    expect(await relayed(`refund:${quote.digest}`)).toHaveLength(1);

    await asIssuer("unBlacklist", [payer]);
    t.clock.advance(recheckSeconds);
    expect(await worker().runDue()).toMatchObject({ sent: 1 });
    await settle(relayers.settlers["gb-eta"], id);
    const sent = await relayed(`refund:${quote.digest}`);
    expect(Object.fromEntries(sent.map((row) => [row.key, row.status]))).toEqual({
      [`refund:${quote.digest}`]: "failed",
      [`refund:${quote.digest}#2`]: "mined",
    });
    expect(await jobOf(id)).toMatchObject({ txHash: sent.find((row) => row.status === "mined")!.hash });
    expect(await stateOf(id)).toBe("refunded");
    expect(await balanceOf(payer)).toBe(payerBefore + total);
    expect(await balanceOf(deployment.escrow)).toBe(escrowBefore - total);
  });

  // Last: it moves the chain's clock past the decision deadline, days ahead, and back after.
  test("an expiry claim for a blacklisted payer is held, then claimed once lifted", async () => {
    const { id, quote, total } = await paidInUsdc();
    const snapshot = await chain.snapshot();
    try {
      const payer = ana.account.address;
      const [payerBefore, escrowBefore] = [await balanceOf(payer), await balanceOf(deployment.escrow)];
      await asIssuer("blacklist", [payer]);
      const deadline = BigInt(quote.escrowQuote.decisionDeadline!);
      const latest = await chain.publicClient.getBlock({ blockTag: "latest" });
      await chain.testClient.increaseTime({ seconds: Number(deadline - latest.timestamp) + 60 });
      await chain.testClient.mine({ blocks: 1 });
      await catchUp();

      const expiry = createExpiryJob({
        db: database.db,
        deployment: t.deployment,
        clock: t.clock,
        claimByRelayer: true,
      });
      expect((await expiry.expireOverdue()).claims).toContain(id);
      expect(await worker().runDue()).toMatchObject({ blocked: 1, sent: 0 });
      expect(await settlementSeenBy(id, ana)).toMatchObject({
        kind: "claim",
        status: "blocked",
        reason: {
          code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
          message: `The token's issuer has blacklisted the payer ${payer}; the payer's expiry claim stays in the escrow and is sent once the issuer lifts it. (Read from the token before sending; nothing was sent.)`,
        },
      });
      expect(await stateOf(id)).toBe("expired");

      await asIssuer("unBlacklist", [payer]);
      t.clock.advance(recheckSeconds);
      expect(await worker().runDue()).toMatchObject({ sent: 1 });
      await settle(relayers.payments, id);
      expect(await stateOf(id)).toBe("refunded");
      expect(await relayed(`claim:${quote.digest}`)).toHaveLength(1);
      expect(await balanceOf(payer)).toBe(payerBefore + total);
      expect(await balanceOf(deployment.escrow)).toBe(escrowBefore - total);
    } finally {
      await chain.revert(snapshot);
    }
  });
});
