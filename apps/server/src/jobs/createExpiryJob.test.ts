import { VisaFeeEscrow } from "@entrada/contracts";
import { applications, outbox, userRoles } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { and, eq } from "drizzle-orm";
import { decodeFunctionData } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { createQuoted } from "../testing/applicationSteps.ts";
import { createRecordingRelayer } from "../testing/createRecordingRelayer.ts";
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

  test("moves open applications past their deadline to expired and says how to claim", async () => {
    const due = await paid();
    const pending = await createQuoted(t.app, ana);
    const relayer = createRecordingRelayer();
    const job = createExpiryJob({ db: database.db, deployment: t.deployment, clock: t.clock, claimRelayer: relayer });

    expect(await job.expireOverdue()).toEqual({ expired: [], claims: {} });
    const deadline = Date.parse(due.quote.decisionDeadline as string);
    const start = t.clock();
    t.clock.set(new Date(deadline + 1000));
    const result = await job.expireOverdue().finally(() => t.clock.set(start));
    expect(result.expired).toContain(due.id);
    expect(result.expired).not.toContain(pending.application.id);

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
    expect(relayer.sent.map((sent) => sent.key)).toContain(`claim:${due.quote.digest}`);
    expect(result.claims[due.id]).toMatch(/^0x[0-9a-f]{64}$/);

    // A second run finds nothing more to do.
    t.clock.set(new Date(deadline + 2000));
    const again = await job.expireOverdue().finally(() => t.clock.set(start));
    expect(again.expired).not.toContain(due.id);
  });

  test("a relayer that cannot claim does not stop the job", async () => {
    const due = await paid();
    const relayer = createRecordingRelayer();
    relayer.failNext();
    const warnings: string[] = [];
    const job = createExpiryJob({
      db: database.db,
      deployment: t.deployment,
      clock: () => new Date(Date.parse(due.quote.decisionDeadline as string) + 1000),
      claimRelayer: relayer,
      logger: { warn: (_object, message) => warnings.push(message) },
    });
    const result = await job.expireOverdue();
    expect(result.expired).toContain(due.id);
    expect(warnings).toEqual(["relayer could not send claimExpired"]);
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
  });
});
