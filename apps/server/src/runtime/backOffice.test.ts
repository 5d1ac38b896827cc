import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { outbox } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { asc, gt } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecordCipher } from "../crypto/createRecordCipher.ts";
import { createOutboundHttp, type OutboundHttp } from "../http/outbound/createOutboundHttp.ts";
import { createWebhookDeliverer, type WebhookDeliverer } from "../messaging/createWebhookDeliverer.ts";
import { canSeeEvent } from "../policy.ts";
import { createChainEventHandler } from "../services/chainEventHandler.ts";
import { kenyaAnswers, samplePdf, testApplicant } from "../testing/applicationSteps.ts";
import {
  freePort,
  type StandInBackOffice,
  startStandInBackOffice,
} from "../testing/backOffice/startStandInBackOffice.ts";
import { createTestApp, type TestApp, testConfig } from "../testing/createTestApp.ts";
import { escrowPaid } from "../testing/escrowEvents.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";
import { openWebhookSecret, webhookRoutes } from "./webhookRoutes.ts";

/**
 * Kenya's immigration back office, a separate process (testing/backOffice/standInBackOffice.ts),
 * against the real app on a real port: it is told of paid applications by signed webhook, fetches
 * each case and its documents with its API key, and approves by API. Its downtime is covered by the
 * deliverer's retries and by redelivery, and neither decides a case twice.
 */
describe.each(createTestDatabases())("a government back office on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let outbound: OutboundHttp;
  let deliverer: WebhookDeliverer;
  let origin: string;
  let ana: TestUser;
  let officer: TestUser;
  let ukOfficer: TestUser;
  let key: string;
  let endpointId: string;
  let secret: string;
  let port: number;
  let stateDir: string;
  let backOffice: StandInBackOffice;
  /** The last outbox event fanned out to webhooks. */
  let fannedOut = 0;

  const api = (method: "GET" | "POST", url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload }) });
  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
  const createKey = async (user: TestUser, authorityId: string, scopes: string[]) => {
    const response = await api("POST", "/api-keys", user.headers, {
      name: `${authorityId} back office`,
      authorityId,
      scopes,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ key: string }>().key;
  };
  const startBackOffice = () =>
    startStandInBackOffice({
      port,
      apiKey: key,
      webhookSecret: secret,
      stateFile: join(stateDir, "handled.jsonl"),
      nowOffsetMs: t.clock().getTime() - Date.now(),
    });

  beforeAll(async () => {
    database = await open();
    const config = testConfig();
    const cipher = createRecordCipher({ masterKey: config.masterKey });
    outbound = createOutboundHttp({ target: "webhooks", allowHttp: true, allow: ["loopback"] });
    // The routes need the deliverer before the app listens; the deliverer needs the app's address.
    const webhooks: WebhookDeliverer = {
      fanOut: (event, executor) => deliverer.fanOut(event, executor),
      deliverDue: () => deliverer.deliverDue(),
      redeliver: (id) => deliverer.redeliver(id),
    };
    t = await createTestApp({
      db: database.db,
      config,
      plugins: [
        webhookRoutes({ db: database.db, cipher, webhooks, urlPolicy: { allowHttp: true, allow: ["loopback"] } }),
      ],
    });
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    deliverer = createWebhookDeliverer({
      db: database.db,
      fetch: outbound.fetch,
      logger: pino({ level: "silent" }),
      clock: t.clock,
      secretOf: (endpoint) => openWebhookSecret(cipher, endpoint.secretCiphertext),
      apiBaseUrl: `${origin}/api/v1`,
      // As startEntrada: an authority's endpoint gets what its officers see.
      canSee: (scope, event) =>
        canSeeEvent({ id: "webhook", via: "api_key", roles: ["officer"], authorityId: scope.authorityId }, event),
    });
    ana = await signIn(t.app);
    officer = await signIn(t.app);
    ukOfficer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "ke-eta" });
    await grantRole(database.db, ukOfficer.id, "officer", { authorityId: "gb-eta" });

    key = await createKey(officer, "ke-eta", [
      "applications:read",
      "documents:read",
      "applications:decide",
      "webhooks:manage",
    ]);
    port = await freePort();
    const endpoint = await api("POST", "/webhook-endpoints", bearer(key), {
      url: `http://127.0.0.1:${port}/webhooks`,
      events: ["application.state_changed"],
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
    ({ id: endpointId, secret } = endpoint.json<{ id: string; secret: string }>());
    stateDir = await mkdtemp(join(tmpdir(), "entrada-back-office-"));
    backOffice = await startBackOffice();
  });
  afterAll(async () => {
    await backOffice?.stop();
    await t?.app.close();
    await outbound?.close();
    await database?.close();
    if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
  });

  /** A Kenya eTA application with its two documents, paid on chain (as the indexer reports it). */
  async function paidApplication(): Promise<{ id: string; reference: string }> {
    const draft = await api("POST", "/applications", ana.headers, {
      productId: "ke-eta-tourist",
      applicant: testApplicant,
      answers: kenyaAnswers,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const { id, reference } = draft.json<{ id: string; reference: string }>();
    for (const kind of ["itinerary", "accommodation_booking"]) {
      const uploaded = await t.app.inject({
        method: "POST",
        url: `/api/v1/applications/${id}/documents?kind=${kind}`,
        headers: { ...ana.headers, "content-type": "application/pdf" },
        payload: samplePdf,
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
    }
    expect((await api("POST", `/applications/${id}/submit`, ana.headers)).statusCode).toBe(200);
    const quote = await api("POST", `/applications/${id}/quote`, ana.headers, { token: "USDC" });
    expect(quote.statusCode, quote.body).toBe(201);
    const handler = createChainEventHandler({
      deployment: t.deployment,
      confirmations: 1,
      clock: t.clock,
      logger: { warn() {}, error() {} },
    });
    await database.db.transaction((tx) =>
      handler.onEvents(tx, [escrowPaid(quote.json<{ escrowQuote: never }>().escrowQuote)]),
    );
    return { id, reference };
  }

  /** What the outbox worker does: schedules the new events' webhooks. */
  async function fanOutNew(): Promise<number> {
    const events = await database.db.select().from(outbox).where(gt(outbox.id, fannedOut)).orderBy(asc(outbox.id));
    let scheduled = 0;
    for (const event of events) {
      scheduled += await deliverer.fanOut(event);
      fannedOut = event.id;
    }
    return scheduled;
  }

  const stateOf = async (id: string) => (await api("GET", `/applications/${id}`, officer.headers)).json().state;
  const approvals = async (id: string) =>
    (await api("GET", `/applications/${id}/history`, officer.headers))
      .json<{ items: { to: string; actorRole: string }[] }>()
      .items.filter((entry) => entry.to === "approved");
  const deliveries = async () =>
    (await api("GET", `/webhook-endpoints/${endpointId}/deliveries`, bearer(key))).json<{
      data: { id: string; eventId: number; status: string; attempts: number; lastError: string | null }[];
    }>().data;

  test("the back-office stand-in decides a case by API", async () => {
    const { id, reference } = await paidApplication();
    expect(await stateOf(id)).toBe("paid");
    // One event for its authority: the change to paid (drafting and submitting are the traveller's).
    expect(await fanOutNew()).toBe(1);
    expect(await deliverer.deliverDue()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });

    expect(await stateOf(id)).toBe("approved");
    const [approval, ...more] = await approvals(id);
    expect(more).toEqual([]);
    // The audit trail names the key as the actor, not the officer who created it.
    expect(approval).toMatchObject({ actorRole: "api_key", reason: "All checks passed in the back office." });
    // It had the case whole: the reference from the webhook, both documents fetched with its key.
    const state = await backOffice.state();
    expect(state.handled).toEqual([{ eventId: expect.any(String), applicationId: id, reference, documents: 2 }]);
    expect(state.received.at(-1)).toMatchObject({ type: "application.state_changed", status: 200, note: "approved" });
  });

  test("down when the payment comes: retried with backoff until it is back, then decided once; a redelivery decides nothing", async () => {
    // The decision's own events first: the back office has nothing to do with them.
    await fanOutNew();
    await deliverer.deliverDue();
    await backOffice.stop();
    const { id } = await paidApplication();
    expect(await fanOutNew()).toBe(1);
    expect(await deliverer.deliverDue()).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    const [failed] = await deliveries();
    expect(failed).toMatchObject({ status: "pending", attempts: 1, lastError: expect.any(String) });
    // Not due before its backoff (10 s after the first attempt, then 20 s).
    expect(await deliverer.deliverDue()).toMatchObject({ attempted: 0 });
    t.clock.advance(10);
    expect(await deliverer.deliverDue()).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    expect(await stateOf(id)).toBe("paid");

    backOffice = await startBackOffice();
    t.clock.advance(19);
    expect(await deliverer.deliverDue()).toMatchObject({ attempted: 0 });
    t.clock.advance(1);
    expect(await deliverer.deliverDue()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    expect(await stateOf(id)).toBe("approved");
    expect(await approvals(id)).toHaveLength(1);
    const [delivered] = await deliveries();
    expect(delivered).toMatchObject({ id: failed!.id, status: "delivered", attempts: 3, lastError: null });

    // Both cases' webhooks again, by hand: the restarted process remembers the first case from its
    // state file, the second from this run; neither is fetched nor decided again.
    const handledEvents = (await backOffice.state()).handled.map((entry) => entry.eventId);
    const paidDeliveries = (await deliveries()).filter((delivery) => handledEvents.includes(String(delivery.eventId)));
    expect(paidDeliveries).toHaveLength(2);
    for (const delivery of paidDeliveries) {
      const redelivered = await api("POST", `/webhook-deliveries/${delivery.id}/redeliver`, bearer(key));
      expect(redelivered.statusCode, redelivered.body).toBe(202);
    }
    expect(await deliverer.deliverDue()).toEqual({ attempted: 2, delivered: 2, retrying: 0, failed: 0 });
    const state = await backOffice.state();
    expect(state.received.slice(-2).map((entry) => entry.note)).toEqual(["already handled", "already handled"]);
    expect(state.handled.map((entry) => entry.applicationId)).toHaveLength(2);
    expect(await approvals(id)).toHaveLength(1);
  });

  test("a key without applications:decide is told so; another authority's key sees nothing", async () => {
    const { id } = await paidApplication();
    const readOnly = await createKey(officer, "ke-eta", ["applications:read"]);
    const read = await api("GET", `/applications/${id}`, bearer(readOnly));
    expect(read.statusCode).toBe(200);
    const approve = await api("POST", `/officer/applications/${id}/approve`, bearer(readOnly), {});
    expect(approve.statusCode).toBe(403);
    expect(approve.json().error).toMatchObject({
      code: "ENTRADA_API_KEY_SCOPE",
      details: { action: "application.review", scope: "applications:decide" },
    });
    const [document] = read.json<{ documents: { id: string }[] }>().documents;
    const opened = await api("GET", `/identity/documents/${document!.id}`, bearer(readOnly));
    expect(opened.statusCode).toBe(403);
    expect(opened.json().error).toMatchObject({ code: "ENTRADA_API_KEY_SCOPE", details: { scope: "documents:read" } });
    expect((await api("GET", `/identity/documents/${document!.id}`, bearer(key))).statusCode).toBe(200);

    const ukKey = await createKey(ukOfficer, "gb-eta", ["applications:read", "documents:read", "applications:decide"]);
    for (const response of [
      await api("GET", `/applications/${id}`, bearer(ukKey)),
      await api("POST", `/officer/applications/${id}/approve`, bearer(ukKey), {}),
      await api("GET", `/identity/documents/${document!.id}`, bearer(ukKey)),
    ]) {
      expect(response.statusCode).toBe(404);
    }
    expect(await stateOf(id)).toBe("paid");
  });
});
