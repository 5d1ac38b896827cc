import { VisaFeeEscrow } from "@entrada/contracts";
import { applications, outbox, settlementJobs, userRoles } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { and, eq } from "drizzle-orm";
import { decodeFunctionData } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { createQuoted } from "../testing/applicationSteps.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { escrowPaid } from "../testing/escrowEvents.ts";
import { signIn, type TestUser } from "../testing/signIn.ts";
import { createExpiryJob } from "./createExpiryJob.ts";

describe.each(createTestDatabases())("expireOverdue on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    ana = await signIn(t.app);
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  async function paid() {
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

  const jobsOf = (id: string) =>
    database.db.select().from(settlementJobs).where(eq(settlementJobs.applicationId, id)).orderBy(settlementJobs.id);

  test("moves open applications past their deadline to expired, says how to claim, and records the claim", async () => {
    const due = await paid();
    const pending = await createQuoted(t.app, ana);
    const job = createExpiryJob({ db: database.db, deployment: t.deployment, clock: t.clock, claimByRelayer: true });

    expect(await job.expireOverdue()).toEqual({ expired: [], claims: [] });
    const deadline = Date.parse(due.quote.decisionDeadline as string);
    const start = t.clock();
    t.clock.set(new Date(deadline + 1000));
    const result = await job.expireOverdue().finally(() => t.clock.set(start));
    expect(result.expired).toContain(due.id);
    expect(result.expired).not.toContain(pending.application.id);
    expect(result.claims).toContain(due.id);

    const [row] = await database.db.select().from(applications).where(eq(applications.id, due.id));
    expect(row!.state).toBe("expired");
    const [message] = await database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.aggregateId, due.id), eq(outbox.topic, "application.claim_available")));
    expect(message!.payload).toMatchObject({
      applicationId: due.id,
      userId: ana.id,
      chainId: 31337,
      decisionDeadline: due.quote.decisionDeadline,
      amount: "20342355",
      claim: { to: t.deployment.escrow },
      claimedByRelayer: true,
    });
    const claim = (message!.payload as { claim: { data: `0x${string}` } }).claim;
    expect(decodeFunctionData({ abi: VisaFeeEscrow.abi, data: claim.data }).functionName).toBe("claimExpired");
    // The claim is a settlement job of the same transaction, for the worker to send: the same call.
    expect(await jobsOf(due.id)).toEqual([
      expect.objectContaining({
        kind: "claim",
        status: "queued",
        relayerKey: `claim:${due.quote.digest}`,
        to: t.deployment.escrow.toLowerCase(),
        data: claim.data.toLowerCase(),
        nextAttemptAt: new Date(deadline + 1000),
        attempts: 0,
      }),
    ]);

    // A second run finds nothing more to do.
    t.clock.set(new Date(deadline + 2000));
    const again = await job.expireOverdue().finally(() => t.clock.set(start));
    expect(again.expired).not.toContain(due.id);
    expect(await jobsOf(due.id)).toHaveLength(1);
  });

  test("without claimByRelayer the payer is told to claim, and no claim is recorded", async () => {
    const due = await paid();
    const job = createExpiryJob({
      db: database.db,
      deployment: t.deployment,
      clock: () => new Date(Date.parse(due.quote.decisionDeadline as string) + 1000),
    });
    const result = await job.expireOverdue();
    expect(result.expired).toContain(due.id);
    expect(result.claims).not.toContain(due.id);
    const [message] = await database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.aggregateId, due.id), eq(outbox.topic, "application.claim_available")));
    expect(message!.payload).toMatchObject({ claimedByRelayer: false, claim: { to: t.deployment.escrow } });
    expect(await jobsOf(due.id)).toEqual([]);
  });

  test("an approved application, whose release may be in flight, waits an hour longer", async () => {
    const officer = await signIn(t.app);
    await database.db.insert(userRoles).values({ userId: officer.id, role: "officer", authorityId: "gb-eta" });
    const due = await paid();
    const approved = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${due.id}/approve`,
      headers: officer.headers,
    });
    expect(approved.json().application.state).toBe("approved");
    const deadline = Date.parse(due.quote.decisionDeadline as string);
    const at = (ms: number) =>
      createExpiryJob({ db: database.db, deployment: t.deployment, clock: () => new Date(deadline + ms) });
    expect((await at(60_000).expireOverdue()).expired).not.toContain(due.id);
    expect((await at(3_601_000).expireOverdue()).expired).toContain(due.id);
    // Its release was handed to the relayer (it may yet be mined): the job stays as it is.
    expect((await jobsOf(due.id)).map((job) => [job.kind, job.status])).toEqual([["release", "sent"]]);
  });

  test("an approval whose release was never sent is replaced by the claim", async () => {
    const officer = await signIn(t.app);
    await database.db.insert(userRoles).values({ userId: officer.id, role: "officer", authorityId: "gb-eta" });
    const due = await paid();
    t.relayers.settlers["gb-eta"]!.failNext();
    const approved = await t.app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${due.id}/approve`,
      headers: officer.headers,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().settlement).toMatchObject({ status: "queued", reason: { code: "ENTRADA_RELAYER_FAILED" } });
    const deadline = Date.parse(due.quote.decisionDeadline as string);
    const job = createExpiryJob({
      db: database.db,
      deployment: t.deployment,
      clock: () => new Date(deadline + 3_601_000),
      claimByRelayer: true,
    });
    expect((await job.expireOverdue()).claims).toContain(due.id);
    expect((await jobsOf(due.id)).map((row) => [row.kind, row.status])).toEqual([
      ["release", "cancelled"],
      ["claim", "queued"],
    ]);
    const view = await t.app.inject({ method: "GET", url: `/api/v1/applications/${due.id}`, headers: ana.headers });
    expect(view.json()).toMatchObject({ state: "expired", settlement: { kind: "claim", status: "queued" } });
  });
});
