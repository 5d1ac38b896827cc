import { randomBytes } from "node:crypto";
import { createEscrowFixture, type EscrowFixture } from "@entrada/contracts/testing";
import type { ApplicationState } from "@entrada/core";
import { applicationEvents, applications, outbox, payments, quotes, settlementJobs } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { asc, eq } from "drizzle-orm";
import type { Hex } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMessagingSeed } from "../messaging/testing/createMessagingSeed.ts";
import { createTestLogger } from "../messaging/testing/createTestLogger.ts";
import { chainResetReason, reconcileLostChain } from "./reconcileLostChain.ts";

const hex = (bytes: number) => `0x${randomBytes(bytes).toString("hex")}` as Hex;
const localChainId = 31337;
const now = new Date("2026-12-07T10:00:00.000Z");

// The escrow is real (the local chain with the escrow deployed); the database holds what a previous
// chain left: applications paid, pending or settled there. One application is really paid on the
// chain as it is now, and must be left alone.
describe.each(createTestDatabases())("reconcileLostChain on $name", ({ open }) => {
  let database: TestDatabase;
  let f: EscrowFixture;
  let seed: ReturnType<typeof createMessagingSeed>;

  beforeAll(async () => {
    database = await open();
    f = await createEscrowFixture();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await resetDatabase(database.db);
    seed = createMessagingSeed(database.db);
  });

  /** An application in `state`, with a quote of `quoteStatus` (and a confirmed payment when paid). */
  async function application(
    state: ApplicationState,
    options: { quoteStatus?: "open" | "paid" | "superseded"; chainId?: number; onchainId?: Hex; digest?: Hex } = {},
  ) {
    const user = await seed.user({ email: `ana-${hex(4)}@example.org`, locale: "zh" });
    const row = await seed.application({ userId: user.id });
    const [updated] = await database.db
      .update(applications)
      .set({
        state,
        onchainId: options.onchainId ?? row.onchainId,
        decisionDeadline: state === "payment_pending" ? null : new Date("2026-12-14T10:00:00.000Z"),
      })
      .where(eq(applications.id, row.id))
      .returning();
    const quoteStatus = options.quoteStatus ?? (state === "payment_pending" ? "open" : "paid");
    const chainId = options.chainId ?? localChainId;
    const quote = await insertQuote(row.id, { status: quoteStatus, chainId, digest: options.digest });
    if (quoteStatus === "paid") {
      await database.db.insert(payments).values({
        applicationId: row.id,
        quoteId: quote.id,
        chainId,
        txHash: hex(32),
        logIndex: 0,
        payer: quote.payer,
        token: quote.token,
        amount: 40_040_000n,
        status: "confirmed",
        blockNumber: 42n,
        blockHash: hex(32),
        confirmations: 1,
        confirmedAt: new Date("2026-12-06T10:00:00.000Z"),
      });
    }
    return { application: updated!, quote, user };
  }

  /** A quote of the application, as the quote service writes it. */
  async function insertQuote(
    applicationId: string,
    values: { status: "open" | "paid" | "superseded"; chainId?: number; digest?: Hex | undefined; createdAt?: Date },
  ) {
    const [quote] = await database.db
      .insert(quotes)
      .values({
        applicationId,
        chainId: values.chainId ?? localChainId,
        token: f.tokens.USDC.toLowerCase() as Hex,
        payer: hex(20),
        visaFeeMinor: 4000n,
        visaFeeCurrency: "USD",
        tokenAmount: 40_000_000n,
        platformFee: 40_000n,
        total: 40_040_000n,
        // 1 USD = 10,000 token units, at 10 bps: what the amounts above say.
        rateLegs: {
          token: "USDC",
          legs: [],
          rate: { numerator: "10000", denominator: "1" },
          feeBps: 10,
          platformFeeBps: 10,
          discounts: [],
          authorityId: hex(32),
          applicationId: hex(32),
        },
        expiresAt: new Date("2026-12-07T09:15:00.000Z"),
        decisionDeadline: new Date("2026-12-14T10:00:00.000Z"),
        digest: values.digest ?? hex(32),
        signature: hex(65),
        status: values.status,
        ...(values.createdAt ? { createdAt: values.createdAt } : {}),
      })
      .returning();
    return quote!;
  }

  const reconcile = (logger = createTestLogger().logger) =>
    reconcileLostChain({
      db: database.db,
      chainId: localChainId,
      client: f.chain.publicClient,
      escrow: f.escrow,
      clock: () => now,
      logger,
    });
  const stateOf = async (id: string) =>
    (await database.db.select().from(applications).where(eq(applications.id, id)))[0]!;
  const quotesOf = (id: string) =>
    database.db
      .select({ status: quotes.status, voidReason: quotes.voidReason })
      .from(quotes)
      .where(eq(quotes.applicationId, id))
      .orderBy(asc(quotes.createdAt));

  it("returns a paid application whose escrow is gone to submitted, voids its quote and tells the traveller", async () => {
    const { application: paid, user } = await application("paid");
    // An older quote it replaced stays as it was: it was never payable on the lost chain any more.
    await insertQuote(paid.id, { status: "superseded", createdAt: new Date("2026-12-01T00:00:00.000Z") });
    const { logger, lines } = createTestLogger();

    expect(await reconcile(logger)).toEqual({ returned: [{ applicationId: paid.id, from: "paid" }], kept: [] });

    const row = await stateOf(paid.id);
    expect(row).toMatchObject({ state: "submitted", stateVersion: paid.stateVersion + 1, decisionDeadline: null });
    expect(await quotesOf(paid.id)).toEqual([
      { status: "superseded", voidReason: null },
      { status: "void", voidReason: chainResetReason },
    ]);
    const [payment] = await database.db.select().from(payments).where(eq(payments.applicationId, paid.id));
    expect(payment).toMatchObject({ status: "reorged", confirmations: 0, confirmedAt: null });
    const trail = await database.db
      .select()
      .from(applicationEvents)
      .where(eq(applicationEvents.applicationId, paid.id));
    expect(
      trail.map(({ fromState, toState, event, actorRole, actorId, reason, at }) => ({
        fromState,
        toState,
        event,
        actorRole,
        actorId,
        reason,
        at,
      })),
    ).toEqual([
      {
        fromState: "paid",
        toState: "submitted",
        event: "chain_reset",
        actorRole: "system",
        actorId: null,
        reason: chainResetReason,
        at: now,
      },
    ]);
    const events = await database.db.select().from(outbox).where(eq(outbox.aggregateId, paid.id));
    expect(events.map(({ topic, payload }) => ({ topic, payload }))).toEqual([
      {
        topic: "application.state_changed",
        payload: {
          applicationId: paid.id,
          userId: user.id,
          organisationId: null,
          authorityId: seed.authorityId,
          from: "paid",
          to: "submitted",
          event: "chain_reset",
          actorRole: "system",
          reason: chainResetReason,
          at: now.toISOString(),
        },
      },
    ]);
    expect(lines.filter((line) => line.applicationId === paid.id).map((line) => line.msg)).toEqual([
      "payment lost with the reset chain: quote voided, application back to submitted, traveller told",
    ]);
  });

  it("returns every state where money was in flight or held, and no other", async () => {
    const returnedStates: ApplicationState[] = [
      "payment_pending",
      "paid",
      "under_review",
      "needs_info",
      "approved",
      "rejected",
      "expired",
    ];
    // Settled on the lost chain (the money went where it belonged), or never paid: nothing to undo.
    const untouchedStates: ApplicationState[] = ["issued", "refunded"];
    const returned = await Promise.all(returnedStates.map((state) => application(state)));
    const untouched = await Promise.all(untouchedStates.map((state) => application(state)));
    const draft = await seed.application({ userId: (await seed.user()).id });
    await database.db.update(applications).set({ state: "draft" }).where(eq(applications.id, draft.id));

    const result = await reconcile();
    expect(result.returned.map(({ from }) => from).sort()).toEqual([...returnedStates].sort());
    for (const { application: row } of returned) {
      expect((await stateOf(row.id)).state).toBe("submitted");
      expect((await quotesOf(row.id)).map(({ status }) => status)).toEqual(["void"]);
    }
    for (const { application: row } of untouched) {
      expect(await stateOf(row.id)).toEqual(row);
      expect((await quotesOf(row.id)).map(({ status }) => status)).toEqual(["paid"]);
    }
    expect((await stateOf(draft.id)).state).toBe("draft");
  });

  it("leaves alone an application whose payment the escrow does hold, and one paid on another chain", async () => {
    const payer = f.accounts.payers[0]!;
    const onChainQuote = await f.makeQuote({ payer: payer.address });
    await f.approve(f.tokens.USDC, payer, onChainQuote.amount);
    await f.call(payer, "pay", [onChainQuote, await f.signQuote(onChainQuote)]);
    const held = await application("under_review", {
      onchainId: onChainQuote.applicationId,
      digest: await f.quoteDigest(onChainQuote),
    });
    const elsewhere = await application("paid", { chainId: 8453 });
    const lost = await application("approved");

    expect(await reconcile()).toEqual({
      returned: [{ applicationId: lost.application.id, from: "approved" }],
      kept: [{ applicationId: held.application.id, state: "under_review", escrow: "open" }],
    });
    expect(await stateOf(held.application.id)).toEqual(held.application);
    expect(await quotesOf(held.application.id)).toEqual([{ status: "paid", voidReason: null }]);
    expect(await stateOf(elsewhere.application.id)).toEqual(elsewhere.application);
    expect(await quotesOf(elsewhere.application.id)).toEqual([{ status: "paid", voidReason: null }]);
  });

  it("cancels the settlement jobs of an application it returns: nothing is left to release or refund", async () => {
    const approved = await application("approved");
    const rejected = await application("rejected");
    const job = (
      row: Awaited<ReturnType<typeof application>>,
      kind: "release" | "refund",
      status: "queued" | "sent",
    ) => ({
      applicationId: row.application.id,
      quoteId: row.quote.id,
      kind,
      chainId: localChainId,
      relayerKey: `${kind}:${row.quote.digest}`,
      to: f.escrow.toLowerCase() as Hex,
      data: "0x" as Hex,
      status,
      attempts: status === "sent" ? 1 : 0,
      nextAttemptAt: new Date("2026-12-07T09:59:00.000Z"),
      ...(status === "sent" ? { txHash: hex(32), sentAt: new Date("2026-12-07T09:58:00.000Z") } : {}),
    });
    await database.db
      .insert(settlementJobs)
      .values([job(approved, "release", "queued"), job(rejected, "refund", "sent")]);

    expect((await reconcile()).returned).toHaveLength(2);
    const jobs = await database.db.select().from(settlementJobs).orderBy(asc(settlementJobs.id));
    expect(
      jobs.map(({ kind, status, nextAttemptAt, finishedAt }) => ({ kind, status, nextAttemptAt, finishedAt })),
    ).toEqual([
      { kind: "release", status: "cancelled", nextAttemptAt: null, finishedAt: now },
      { kind: "refund", status: "cancelled", nextAttemptAt: null, finishedAt: now },
    ]);
  });

  it("changes nothing the second time: no audit entry, no message twice", async () => {
    await application("paid");
    await application("payment_pending");
    expect((await reconcile()).returned).toHaveLength(2);
    const trail = await database.db.select().from(applicationEvents);
    const events = await database.db.select().from(outbox);

    expect(await reconcile()).toEqual({ returned: [], kept: [] });
    expect(await database.db.select().from(applicationEvents)).toEqual(trail);
    expect(await database.db.select().from(outbox)).toEqual(events);
  });

  it("refuses a void quote without its reason, and a reason on a quote that is not void", async () => {
    const { quote } = await application("payment_pending");
    await expect(database.db.update(quotes).set({ status: "void" }).where(eq(quotes.id, quote.id))).rejects.toThrow();
    await expect(
      database.db.update(quotes).set({ voidReason: chainResetReason }).where(eq(quotes.id, quote.id)),
    ).rejects.toThrow();
  });
});
