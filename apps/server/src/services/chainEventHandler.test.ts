import type { IndexedEscrowEvent } from "@entrada/chain";
import { applicationEvents, applications, outbox, payments, quotes } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createQuoted, type QuoteJson } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { type EscrowQuoteJson, escrowPaid, escrowSettled } from "../testing/escrowEvents.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";
import { createChainEventHandler } from "./chainEventHandler.ts";

describe.each(createTestDatabases())("chain event handler on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;
  let officer: TestUser;
  const logged: { level: string; message: string }[] = [];
  let handler: ReturnType<typeof createChainEventHandler>;

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    ana = await signIn(t.app);
    officer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
    handler = createChainEventHandler({
      deployment: t.deployment,
      confirmations: 12,
      clock: t.clock,
      logger: {
        warn: (_object, message) => logged.push({ level: "warn", message }),
        error: (_object, message) => logged.push({ level: "error", message }),
      },
    });
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  const apply = (events: IndexedEscrowEvent[]) => database.db.transaction((tx) => handler.onEvents(tx, events));
  const rollback = (events: IndexedEscrowEvent[]) => database.db.transaction((tx) => handler.onRollback(tx, events));
  const stateOf = async (id: string) =>
    (await database.db.select().from(applications).where(eq(applications.id, id)))[0]!;
  const trail = async (id: string) =>
    (
      await database.db
        .select()
        .from(applicationEvents)
        .where(eq(applicationEvents.applicationId, id))
        .orderBy(asc(applicationEvents.id))
    ).map((row) => [row.fromState, row.toState, row.event, row.actorRole, row.txHash]);
  const topics = async (id: string) =>
    (await database.db.select().from(outbox).where(eq(outbox.aggregateId, id)).orderBy(asc(outbox.id))).map(
      (row) => row.topic,
    );

  async function paidApplication(): Promise<{ id: string; quote: QuoteJson; paid: IndexedEscrowEvent }> {
    const { application, quote } = await createQuoted(t.app, ana);
    const paid = escrowPaid(quote.escrowQuote as never);
    await apply([paid]);
    return { id: application.id, quote, paid };
  }

  async function decide(id: string, decision: "approve" | "reject") {
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${id}/${decision}`,
      headers: officer.headers,
      payload: decision === "reject" ? { reason: "Photo does not match" } : {},
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  test("EscrowPaid records the payment, marks the quote paid and the application paid", async () => {
    const { application, quote } = await createQuoted(t.app, ana);
    const paid = escrowPaid(quote.escrowQuote as never);
    await apply([paid]);

    const row = await stateOf(application.id);
    expect(row.state).toBe("paid");
    expect(row.decisionDeadline?.toISOString()).toBe(quote.decisionDeadline);
    const [payment] = await database.db.select().from(payments).where(eq(payments.applicationId, application.id));
    expect(payment).toMatchObject({
      quoteId: quote.id,
      chainId: 31337,
      txHash: paid.txHash,
      logIndex: 0,
      payer: ana.account.address.toLowerCase(),
      token: t.deployment.tokens.USDC.toLowerCase(),
      amount: 20_342_355n,
      status: "confirmed",
      blockNumber: paid.blockNumber,
      confirmations: 12,
    });
    const [quoteRow] = await database.db.select().from(quotes).where(eq(quotes.id, quote.id));
    expect(quoteRow!.status).toBe("paid");
    expect((await trail(application.id)).at(-1)).toEqual([
      "payment_pending",
      "paid",
      "confirm_payment",
      "indexer",
      paid.txHash,
    ]);
    const events = await database.db.select().from(outbox).where(eq(outbox.aggregateId, application.id));
    expect(events.map((event) => event.topic).slice(-2)).toEqual(["payment.confirmed", "application.state_changed"]);
    expect(events.at(-1)!.payload).toEqual({
      applicationId: application.id,
      userId: ana.id,
      organisationId: null,
      authorityId: "gb-eta",
      from: "payment_pending",
      to: "paid",
      event: "confirm_payment",
      actorRole: "indexer",
      at: t.clock().toISOString(),
      txHash: paid.txHash,
      chainId: 31337,
    });
    expect(events.at(-2)!.payload).toMatchObject({ txHash: paid.txHash, confirmations: 12, amount: "20342355" });

    // The indexer may hand the same log over again: nothing changes.
    const before = await topics(application.id);
    await apply([paid]);
    expect(await topics(application.id)).toEqual(before);
  });

  test("EscrowReleased issues an approved application; EscrowRefunded refunds a rejected one", async () => {
    const released = await paidApplication();
    await decide(released.id, "approve");
    expect((await stateOf(released.id)).state).toBe("approved");
    const release = escrowSettled("EscrowReleased", released.quote.escrowQuote as never);
    await apply([release]);
    expect((await stateOf(released.id)).state).toBe("issued");
    expect((await trail(released.id)).slice(-4)).toEqual([
      ["payment_pending", "paid", "confirm_payment", "indexer", released.paid.txHash],
      ["paid", "under_review", "start_review", "officer", null],
      ["under_review", "approved", "approve", "officer", null],
      ["approved", "issued", "issue", "indexer", release.txHash],
    ]);

    const refunded = await paidApplication();
    await decide(refunded.id, "reject");
    await apply([escrowSettled("EscrowRefunded", refunded.quote.escrowQuote as never)]);
    expect((await stateOf(refunded.id)).state).toBe("refunded");
  });

  test("EscrowClaimed before the expiry job ran: expired, then refunded", async () => {
    const { id, quote } = await paidApplication();
    const claim = escrowSettled("EscrowClaimed", quote.escrowQuote as never);
    await apply([claim]);
    expect((await stateOf(id)).state).toBe("refunded");
    expect((await trail(id)).slice(-2)).toEqual([
      ["paid", "expired", "expire", "indexer", claim.txHash],
      ["expired", "refunded", "confirm_refund", "indexer", claim.txHash],
    ]);

    // A reorg that removes the claim puts the application back where it was before it.
    await rollback([claim]);
    expect((await stateOf(id)).state).toBe("paid");
    expect((await trail(id)).at(-1)).toEqual(["refunded", "paid", "reorg_rollback", "indexer", claim.txHash]);
  });

  test("a log that contradicts the application's state is logged, not thrown", async () => {
    const { id, quote } = await paidApplication();
    logged.length = 0;
    await apply([escrowSettled("EscrowReleased", quote.escrowQuote as never)]);
    expect((await stateOf(id)).state).toBe("paid");
    expect(logged).toEqual([
      { level: "error", message: "escrow event does not fit the application's state; needs manual reconciliation" },
    ]);
  });

  test("logs of unknown applications and of other chains are skipped", async () => {
    const { quote } = await createQuoted(t.app, ana);
    logged.length = 0;
    const stranger = escrowPaid({ ...(quote.escrowQuote as EscrowQuoteJson), applicationId: `0x${"ee".repeat(32)}` });
    await apply([stranger, escrowPaid(quote.escrowQuote as never, { chainId: 1 })]);
    expect(logged).toEqual([{ level: "warn", message: "payment for an unknown application" }]);
    expect((await stateOf(quote.applicationId as string)).state).toBe("payment_pending");
  });

  test("a reorged payment: the payment is marked, the application goes back, and the same log may return", async () => {
    const { id, quote, paid } = await paidApplication();
    await rollback([paid]);
    const row = await stateOf(id);
    expect(row).toMatchObject({ state: "payment_pending", decisionDeadline: null });
    const [payment] = await database.db.select().from(payments).where(eq(payments.applicationId, id));
    expect(payment).toMatchObject({ status: "reorged", confirmations: 0, confirmedAt: null });
    const [quoteRow] = await database.db.select().from(quotes).where(eq(quotes.id, quote.id));
    expect(quoteRow!.status).toBe("open");
    expect((await trail(id)).at(-1)).toEqual(["paid", "payment_pending", "reorg_rollback", "indexer", paid.txHash]);
    const events = await database.db.select().from(outbox).where(eq(outbox.aggregateId, id)).orderBy(asc(outbox.id));
    expect(events.slice(-2).map((event) => [event.topic, event.payload])).toEqual([
      [
        "payment.reorged",
        {
          applicationId: id,
          userId: ana.id,
          organisationId: null,
          authorityId: "gb-eta",
          txHash: paid.txHash,
          chainId: 31337,
          confirmations: 0,
        },
      ],
      [
        "application.state_changed",
        expect.objectContaining({ from: "paid", to: "payment_pending", event: "reorg_rollback" }),
      ],
    ]);

    // Rolling back twice changes nothing more.
    const count = (await trail(id)).length;
    await rollback([paid]);
    expect(await trail(id)).toHaveLength(count);

    // The same transaction mined again in another block.
    const again = { ...paid, blockNumber: paid.blockNumber + 1n, blockHash: `0x${"ab".repeat(32)}` as const };
    await apply([again]);
    expect((await stateOf(id)).state).toBe("paid");
    const [repaid] = await database.db.select().from(payments).where(eq(payments.applicationId, id));
    expect(repaid).toMatchObject({ status: "confirmed", blockNumber: again.blockNumber, blockHash: again.blockHash });
    // …and a second reorg undoes only what the second inclusion did.
    await rollback([again]);
    expect((await stateOf(id)).state).toBe("payment_pending");
  });

  test("rolling back several logs undoes them newest first", async () => {
    const { id, quote, paid } = await paidApplication();
    await decide(id, "reject");
    const refund = escrowSettled("EscrowRefunded", quote.escrowQuote as never);
    await apply([refund]);
    expect((await stateOf(id)).state).toBe("refunded");
    await rollback([paid, refund]);
    expect((await stateOf(id)).state).toBe("payment_pending");
    expect((await trail(id)).slice(-2).map((row) => [row[0], row[1], row[2]])).toEqual([
      ["refunded", "rejected", "reorg_rollback"],
      ["rejected", "payment_pending", "reorg_rollback"],
    ]);
  });
});
