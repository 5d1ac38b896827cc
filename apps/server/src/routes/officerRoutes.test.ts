import { toEscrowRecord, VisaFeeEscrow } from "@entrada/contracts";
import { outbox, settlementJobs } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import { decodeFunctionData, getAddress } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { createDraft, createQuoted, createSubmitted, type QuoteJson } from "../testing/applicationSteps.ts";
import { createRecordingRelayer } from "../testing/createRecordingRelayer.ts";
import { createTestApp, type TestApp, testSecondChain } from "../testing/createTestApp.ts";
import { escrowPaid } from "../testing/escrowEvents.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";

describe.each(createTestDatabases())("officer routes on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;
  let officer: TestUser;
  let thaiOfficer: TestUser;

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    ana = await signIn(t.app);
    officer = await signIn(t.app);
    thaiOfficer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
    await grantRole(database.db, thaiOfficer.id, "officer", { authorityId: "th-evisa" });
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  const inject = (method: "GET" | "POST" | "PATCH", url: string, user: TestUser, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload }) });

  /** A UK ETA application paid on chain (as the indexer reports it). */
  async function paid(): Promise<{ id: string; quote: QuoteJson }> {
    const { application, quote } = await createQuoted(t.app, ana);
    const handler = createChainEventHandler({
      deployment: t.deployment,
      confirmations: 1,
      clock: t.clock,
      logger: { warn() {}, error() {} },
    });
    await database.db.transaction((tx) => handler.onEvents(tx, [escrowPaid(quote.escrowQuote as never)]));
    return { id: application.id, quote };
  }

  const escrowQuote = (quote: QuoteJson) => ({
    applicationId: quote.escrowQuote.applicationId as `0x${string}`,
    authorityId: quote.escrowQuote.authorityId as `0x${string}`,
    token: getAddress(quote.escrowQuote.token!),
    payer: getAddress(quote.escrowQuote.payer!),
    amount: BigInt(quote.escrowQuote.amount!),
    platformFee: BigInt(quote.escrowQuote.platformFee!),
    decisionDeadline: BigInt(quote.escrowQuote.decisionDeadline!),
    expiresAt: BigInt(quote.escrowQuote.expiresAt!),
  });

  test("the queue holds the authority's applications from payment on, oldest decision deadline first", async () => {
    const first = await paid();
    // The indexer recorded the payment at this time (the test clock stands still until advanced).
    const firstPaidAt = t.clock().getTime();
    // A later quote, a later deadline.
    t.clock.advance(1);
    const second = await paid();
    const unpaid = await createSubmitted(t.app, ana);
    const draft = await createDraft(t.app, ana);
    const response = await inject("GET", "/api/v1/officer/applications?limit=100&state=paid", officer);
    expect(response.statusCode).toBe(200);
    const ids = response.json().items.map((item: { id: string }) => item.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(ids).not.toContain(unpaid.id);
    expect(ids).not.toContain(draft.id);
    // Due by the UK ETA's service level (72 hours, its deadline too) from the payment.
    const firstRow = response.json().items.find((item: { id: string }) => item.id === first.id);
    expect(firstRow.serviceLevel).toEqual({ hours: 72, dueAt: new Date(firstPaidAt + 72 * 3_600_000).toISOString() });
    const submitted = await inject("GET", "/api/v1/officer/applications?state=submitted", officer);
    expect(submitted.json().items).toEqual([]);
    const thai = await inject("GET", "/api/v1/officer/applications", thaiOfficer);
    expect(thai.json().items.map((item: { id: string }) => item.id)).not.toContain(first.id);
    const traveller = await inject("GET", "/api/v1/officer/applications", ana);
    expect(traveller.statusCode).toBe(403);
    expect(traveller.json().error).toMatchObject({ code: "ENTRADA_FORBIDDEN", details: { action: "officer.queue" } });
  });

  test("an officer finds an application by its short reference, however it is typed", async () => {
    const { id } = await paid();
    await paid();
    const { reference } = (await inject("GET", `/api/v1/officer/applications/${id}`, officer)).json();
    expect(reference).toMatch(/^ENT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    for (const typed of [reference, reference.toLowerCase().replaceAll("-", " "), reference.slice(4)]) {
      const found = await inject("GET", `/api/v1/officer/applications?reference=${encodeURIComponent(typed)}`, officer);
      expect(found.json().items.map((item: { id: string; reference: string }) => [item.id, item.reference])).toEqual([
        [id, reference],
      ]);
    }
    const other = await inject("GET", `/api/v1/officer/applications?reference=${reference}`, thaiOfficer);
    expect(other.json().items).toEqual([]);
    const nonsense = await inject("GET", "/api/v1/officer/applications?reference=not-a-reference", officer);
    expect(nonsense.json().items).toEqual([]);
  });

  test("an officer reads their authority's paid applications, not drafts or other authorities'", async () => {
    const { id } = await paid();
    const view = await inject("GET", `/api/v1/officer/applications/${id}`, officer);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      state: "paid",
      applicant: { surname: "ERIKSSON" },
      actions: ["start_review"],
    });
    expect((await inject("GET", `/api/v1/officer/applications/${id}`, thaiOfficer)).statusCode).toBe(404);
    const draft = await createDraft(t.app, ana);
    expect((await inject("GET", `/api/v1/officer/applications/${draft.id}`, officer)).statusCode).toBe(404);
  });

  test("an application paid on the second of two chains names that chain, to its traveller and its officer", async () => {
    const second = testSecondChain();
    const twoChains = await createTestApp({ db: database.db, env: { ENTRADA_CHAINS: "2" }, otherChains: [second] });
    try {
      const application = await createSubmitted(twoChains.app, ana);
      const quoted = await twoChains.app.inject({
        method: "POST",
        url: `/api/v1/applications/${application.id}/quote`,
        headers: ana.headers,
        payload: { token: "USDC", chainId: 1337 },
      });
      expect(quoted.statusCode, quoted.body).toBe(201);
      const quote = quoted.json() as QuoteJson;
      expect(quote).toMatchObject({ chainId: 1337, tokenAddress: second.deployment.tokens.USDC.toLowerCase() });
      const handler = createChainEventHandler({
        deployment: second.deployment,
        confirmations: 1,
        clock: twoChains.clock,
        logger: { warn() {}, error() {} },
      });
      await database.db.transaction((tx) =>
        handler.onEvents(tx, [escrowPaid(quote.escrowQuote as never, { chainId: 1337 })]),
      );
      const read = (url: string, user: TestUser) => twoChains.app.inject({ method: "GET", url, headers: user.headers });
      const asOfficer = await read(`/api/v1/officer/applications/${application.id}`, officer);
      expect(asOfficer.statusCode, asOfficer.body).toBe(200);
      expect(asOfficer.json()).toMatchObject({ state: "paid", quote: { id: quote.id, status: "paid", chainId: 1337 } });
      const asTraveller = await read(`/api/v1/applications/${application.id}`, ana);
      expect(asTraveller.json().quote).toMatchObject({ id: quote.id, chainId: 1337 });
      // The events webhooks and the live stream carry say on which chain the payment's transaction is.
      const events = await database.db.select().from(outbox).where(eq(outbox.aggregateId, application.id));
      const payloadOf = (event: (typeof events)[number]) => event.payload as { txHash?: string; chainId?: number };
      const paidEvents = events.filter((event) => payloadOf(event).txHash !== undefined);
      expect(paidEvents.map((event) => [event.topic, payloadOf(event).chainId])).toEqual([
        ["payment.confirmed", 1337],
        ["application.state_changed", 1337],
      ]);
      // A quote on the default chain names it too.
      const { id } = await paid();
      expect((await inject("GET", `/api/v1/officer/applications/${id}`, officer)).json().quote.chainId).toBe(31337);
    } finally {
      await twoChains.app.close();
    }
  });

  test("asking for information opens the review; the applicant answers and resubmits", async () => {
    const { id } = await paid();
    expect((await inject("POST", `/api/v1/officer/applications/${id}/request-info`, officer, {})).statusCode).toBe(400);
    const asked = await inject("POST", `/api/v1/officer/applications/${id}/request-info`, officer, {
      reason: "Please add your employer.",
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().state).toBe("needs_info");
    const patched = await inject("PATCH", `/api/v1/applications/${id}`, ana, { answers: { employer: "Initech" } });
    expect(patched.json().answers.employer).toBe("Initech");
    const resubmitted = await inject("POST", `/api/v1/applications/${id}/submit`, ana);
    expect(resubmitted.json().state).toBe("under_review");
    const history = (await inject("GET", `/api/v1/applications/${id}/history`, ana)).json();
    expect(
      history.items.slice(-3).map((item: Record<string, unknown>) => [item.event, item.actorRole, item.reason]),
    ).toEqual([
      ["start_review", "officer", null],
      ["request_info", "officer", "Please add your employer."],
      ["provide_info", "traveller", null],
    ]);
  });

  const jobsOf = (id: string) => database.db.select().from(settlementJobs).where(eq(settlementJobs.applicationId, id));

  test("approving records the decision with its release job, and the settler sends it at once, once", async () => {
    const { id, quote } = await paid();
    const settler = t.relayers.settlers["gb-eta"]!;
    const before = settler.sent.length;
    const response = await inject("POST", `/api/v1/officer/applications/${id}/approve`, officer, {});
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.application.state).toBe("approved");
    expect(body.settlement).toEqual({
      kind: "release",
      status: "sent",
      txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      attempts: 1,
      // Checked again for its receipt soon.
      nextAttemptAt: new Date(t.clock().getTime() + 2_000).toISOString(),
      reason: null,
      updatedAt: expect.any(String),
    });
    // The application carries the same settlement, for whoever reads it.
    expect(body.application.settlement).toEqual(body.settlement);
    expect((await inject("GET", `/api/v1/applications/${id}`, ana)).json().settlement).toMatchObject({
      kind: "release",
      status: "sent",
      txHash: body.settlement.txHash,
    });
    const sent = settler.sent.at(-1)!;
    // The job stores addresses and calldata lower-case, as the relayer does.
    expect(sent).toMatchObject({ key: `release:${quote.digest}`, to: t.deployment.escrow.toLowerCase() });
    expect(decodeFunctionData({ abi: VisaFeeEscrow.abi, data: sent.data })).toEqual({
      functionName: "releaseEscrowByAuthority",
      // The escrow takes the quote back packed (its `EscrowRecord`).
      args: [toEscrowRecord(escrowQuote(quote))],
    });
    // Asking again returns the same job: nothing more is recorded or sent.
    const again = await inject("POST", `/api/v1/officer/applications/${id}/approve`, officer);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().settlement.txHash).toBe(body.settlement.txHash);
    expect(settler.sent.length).toBe(before + 1);
    expect(await jobsOf(id)).toEqual([
      expect.objectContaining({ kind: "release", relayerKey: `release:${quote.digest}`, status: "sent", attempts: 1 }),
    ]);
    // The money has not moved yet: only the indexer makes it `issued`.
    expect((await inject("GET", `/api/v1/applications/${id}`, ana)).json().state).toBe("approved");
  });

  test("rejecting needs a reason and refunds the payer", async () => {
    const { id, quote } = await paid();
    expect((await inject("POST", `/api/v1/officer/applications/${id}/reject`, officer, {})).statusCode).toBe(400);
    const response = await inject("POST", `/api/v1/officer/applications/${id}/reject`, officer, {
      reason: "The photo does not match the passport.",
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      application: { state: "rejected" },
      settlement: { kind: "refund", status: "sent" },
    });
    const sent = t.relayers.settlers["gb-eta"]!.sent.at(-1)!;
    expect(sent.key).toBe(`refund:${quote.digest}`);
    expect(decodeFunctionData({ abi: VisaFeeEscrow.abi, data: sent.data }).functionName).toBe("refundPaymentFee");
    const approve = await inject("POST", `/api/v1/officer/applications/${id}/approve`, officer);
    expect(approve.statusCode).toBe(409);
    expect(approve.json().error.code).toBe("ENTRADA_ILLEGAL_TRANSITION");
  });

  test("only the authority's officers decide", async () => {
    const { id } = await paid();
    const byTraveller = await inject("POST", `/api/v1/officer/applications/${id}/approve`, ana);
    expect(byTraveller.statusCode).toBe(403);
    expect((await inject("POST", `/api/v1/officer/applications/${id}/approve`, thaiOfficer)).statusCode).toBe(404);
    const unpaid = await createSubmitted(t.app, ana);
    expect((await inject("POST", `/api/v1/officer/applications/${unpaid.id}/approve`, officer)).statusCode).toBe(404);
  });

  test("an authority's system decides through its API key", async () => {
    const created = await inject("POST", "/api/v1/api-keys", officer, {
      name: "UKVI case system",
      authorityId: "gb-eta",
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = await paid();
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${id}/approve`,
      headers: { authorization: `Bearer ${created.json().key}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    const history = (await inject("GET", `/api/v1/applications/${id}/history`, ana)).json();
    expect(history.items.at(-1)).toMatchObject({ event: "approve", actorRole: "api_key" });
  });

  test("without a settler the decision stands and its settlement is blocked, visibly, until a retry", async () => {
    const noSettlers = await createTestApp({
      db: database.db,
      relayers: { payments: createRecordingRelayer(), settlers: {} },
    });
    const { id } = await paid();
    const approved = await noSettlers.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${id}/approve`,
      headers: officer.headers,
    });
    await noSettlers.app.close();
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      application: { state: "approved" },
      settlement: {
        kind: "release",
        status: "blocked",
        txHash: null,
        attempts: 1,
        nextAttemptAt: null,
        reason: {
          code: "ENTRADA_SETTLER_UNAVAILABLE",
          message: 'No settler is configured for "gb-eta"; the escrow cannot be settled now.',
        },
      },
    });
    // The traveller sees it too (their page explains it in words).
    const seen = (await inject("GET", `/api/v1/applications/${id}`, ana)).json();
    expect(seen).toMatchObject({
      state: "approved",
      settlement: { status: "blocked", reason: { code: "ENTRADA_SETTLER_UNAVAILABLE" } },
    });

    // Blocked means blocked: approving again does not send it.
    const settler = t.relayers.settlers["gb-eta"]!;
    const before = settler.sent.length;
    const again = await inject("POST", `/api/v1/officer/applications/${id}/approve`, officer);
    expect(again.json().settlement.status).toBe("blocked");
    expect(settler.sent.length).toBe(before);

    // Where the key is configured, a retry sends it.
    const retried = await inject("POST", `/api/v1/officer/applications/${id}/settlement/retry`, officer);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toEqual({
      settlement: expect.objectContaining({ kind: "release", status: "sent", attempts: 2, reason: null }),
    });
    expect(settler.sent.length).toBe(before + 1);
  });

  test("a relayer that fails leaves the decision recorded and its settlement queued for a retry, never a 5xx", async () => {
    const { id } = await paid();
    const settler = t.relayers.settlers["gb-eta"]!;
    settler.failNext();
    const failed = await inject("POST", `/api/v1/officer/applications/${id}/reject`, officer, {
      reason: "The photo does not match the passport.",
    });
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json()).toMatchObject({
      application: { state: "rejected" },
      settlement: {
        kind: "refund",
        status: "queued",
        txHash: null,
        attempts: 1,
        // The first retry 5 s after the first failure.
        nextAttemptAt: new Date(t.clock().getTime() + 5_000).toISOString(),
        reason: { code: "ENTRADA_RELAYER_FAILED", message: "The relayer could not send the transaction: relayer down" },
      },
    });
    // Not due yet: asking again records and sends nothing.
    const before = settler.sent.length;
    const again = await inject("POST", `/api/v1/officer/applications/${id}/reject`, officer, {
      reason: "The photo does not match the passport.",
    });
    expect(again.json().settlement).toMatchObject({ status: "queued", attempts: 1 });
    expect(settler.sent.length).toBe(before);
    // An officer need not wait for the backoff.
    const retried = await inject("POST", `/api/v1/officer/applications/${id}/settlement/retry`, officer);
    expect(retried.json().settlement).toMatchObject({ kind: "refund", status: "sent", attempts: 2, reason: null });
    expect(settler.sent.length).toBe(before + 1);
  });

  test("a settlement is retried by the authority's officers and operators, and no one else", async () => {
    const operator = await signIn(t.app);
    await grantRole(database.db, operator.id, "operator");
    const { id } = await paid();
    const retry = (user: TestUser) => inject("POST", `/api/v1/officer/applications/${id}/settlement/retry`, user);
    // Nothing decided yet: no settlement to retry.
    const none = await retry(officer);
    expect(none.statusCode).toBe(404);
    expect(none.json().error).toMatchObject({ code: "ENTRADA_NOT_FOUND", details: { resource: "settlement", id } });

    await inject("POST", `/api/v1/officer/applications/${id}/approve`, officer);
    expect((await retry(ana)).statusCode).toBe(403);
    expect((await retry(thaiOfficer)).statusCode).toBe(404);
    // An operator retries without reading the application: the answer holds the settlement only.
    const byOperator = await retry(operator);
    expect(byOperator.statusCode, byOperator.body).toBe(200);
    expect(Object.keys(byOperator.json())).toEqual(["settlement"]);
    expect((await inject("GET", `/api/v1/applications/${id}`, operator)).statusCode).toBe(404);
    expect((await retry(officer)).json().settlement).toMatchObject({ kind: "release", status: "sent" });
  });
});
