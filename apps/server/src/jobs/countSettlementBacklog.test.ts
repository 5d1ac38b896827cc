import { settlementJobs } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { createQuoted } from "../testing/applicationSteps.ts";
import { createRecordingRelayer } from "../testing/createRecordingRelayer.ts";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { escrowPaid } from "../testing/escrowEvents.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";
import { countSettlementBacklog } from "./countSettlementBacklog.ts";

describe.each(createTestDatabases())("countSettlementBacklog on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let ana: TestUser;
  let officer: TestUser;

  beforeAll(async () => {
    database = await open();
    await resetDatabase(database.db);
    t = await createTestApp({ db: database.db });
    ana = await signIn(t.app);
    officer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
  });
  afterAll(async () => {
    await t.app.close();
    await database.close();
  });

  /** A paid UK ETA application, approved by the officer through `app`; its job's id. */
  async function approved(app = t.app): Promise<number> {
    const { application, quote } = await createQuoted(t.app, ana);
    const handler = createChainEventHandler({
      deployment: t.deployment,
      confirmations: 1,
      clock: t.clock,
      logger: { warn() {}, error() {} },
    });
    await database.db.transaction((tx) => handler.onEvents(tx, [escrowPaid(quote.escrowQuote as never)]));
    const response = await app.inject({
      method: "POST",
      url: `/api/v1/officer/applications/${application.id}/approve`,
      headers: officer.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    const [job] = await database.db
      .select({ id: settlementJobs.id })
      .from(settlementJobs)
      .where(eq(settlementJobs.applicationId, application.id));
    return job!.id;
  }

  /** Backdates a job's creation, as if it had waited `seconds`. */
  const age = (id: number, seconds: number) =>
    database.db
      .update(settlementJobs)
      .set({ createdAt: new Date(t.clock().getTime() - seconds * 1000) })
      .where(eq(settlementJobs.id, id));

  test("counts jobs waiting, sent and blocked, with the oldest unsettled and the oldest blocked", async () => {
    const now = t.clock();
    expect(await countSettlementBacklog(database.db, { now })).toEqual({
      queued: 0,
      sent: 0,
      blocked: 0,
      heldByIssuer: 0,
      oldestOpenAgeSeconds: null,
      oldestBlockedAgeSeconds: null,
    });

    // Sent by the recording settler.
    await age(await approved(), 30);
    // Queued for a retry: the settler failed once.
    t.relayers.settlers["gb-eta"]!.failNext();
    await age(await approved(), 600);
    // Blocked: a server without the authority's settler key.
    const keyless = await createTestApp({
      db: database.db,
      relayers: { payments: createRecordingRelayer(), settlers: {} },
    });
    await age(await approved(keyless.app), 120);
    await keyless.app.close();

    expect(await countSettlementBacklog(database.db, { now })).toEqual({
      queued: 1,
      sent: 1,
      blocked: 1,
      heldByIssuer: 0,
      oldestOpenAgeSeconds: 600,
      oldestBlockedAgeSeconds: 120,
    });
    // Held by the token's issuer: blocked, and counted apart (the worker re-checks it by itself).
    await database.db
      .update(settlementJobs)
      .set({ lastErrorCode: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER" })
      .where(eq(settlementJobs.status, "blocked"));
    expect(await countSettlementBacklog(database.db, { now })).toMatchObject({ blocked: 1, heldByIssuer: 1 });
    // Settled jobs are no backlog.
    await database.db.update(settlementJobs).set({ status: "succeeded", nextAttemptAt: null });
    expect(await countSettlementBacklog(database.db, { now })).toMatchObject({ queued: 0, sent: 0, blocked: 0 });
  });
});
