import { createDatabase, enqueueOutbox, type OutboxMessage, webhookDeliveries, webhookEndpoints } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createOutboundHttp, type OutboundHttp } from "../http/outbound/createOutboundHttp.ts";
import { type DnsStandIn, startDnsStandIn } from "../http/outbound/testing/startDnsStandIn.ts";
import { createWebhookDeliverer, type WebhookEndpoint, webhookBackoffMs } from "./createWebhookDeliverer.ts";
import { createMessagingSeed } from "./testing/createMessagingSeed.ts";
import { createTestLogger } from "./testing/createTestLogger.ts";
import { type HttpStandIn, type ReceivedRequest, startHttpStandIn } from "./testing/startHttpStandIn.ts";
import { verifyWebhookSignature } from "./verifyWebhookSignature.ts";

const secretOf = (endpoint: Pick<WebhookEndpoint, "id">) => `whsec_${endpoint.id}`;

describe("webhookBackoffMs", () => {
  test("doubles from ten seconds, capped at six hours", () => {
    expect([1, 2, 3, 10, 11, 20].map(webhookBackoffMs)).toEqual([
      10_000, 20_000, 40_000, 5_120_000, 10_240_000, 21_600_000,
    ]);
  });
});

describe.each(createTestDatabases())("createWebhookDeliverer on $name", ({ name, open }) => {
  let database: TestDatabase;
  let receiver: HttpStandIn;
  let dns: DnsStandIn;
  /** The deliverers' client: loopback allowed (the receiver is on 127.0.0.1), nothing else. */
  let outbound: OutboundHttp;
  /** The production policy: public addresses only. */
  let strictOutbound: OutboundHttp;
  /** The time every deliverer of these tests sees; tests move it forward. */
  let now = new Date("2026-01-01T00:00:00Z");
  const clock = () => now;
  /** What the receiver answers; set per test. */
  let answer: (request: ReceivedRequest) => { status?: number; body?: string; delayMs?: number } = () => ({});
  /** Signature check results of the receiver, one per request. */
  const verdicts: string[] = [];

  beforeAll(async () => {
    database = await open();
    receiver = await startHttpStandIn(async (request) => {
      const endpointId = request.url.slice(1);
      const signature = request.headers["entrada-signature"];
      const result = verifyWebhookSignature(
        typeof signature === "string" ? signature : undefined,
        request.body,
        secretOf({ id: endpointId }),
        { now: clock() },
      );
      verdicts.push(result.valid ? "valid" : result.reason);
      return result.valid ? answer(request) : { status: 400, body: "bad signature" };
    });
  });
  beforeAll(async () => {
    dns = await startDnsStandIn({
      "evil.test": ["127.0.0.1"],
      "mapped.test": ["::ffff:127.0.0.1"],
      "meta.test": ["169.254.169.254"],
    });
    const policy = { target: "webhooks", allowHttp: true, resolver: dns.resolver } as const;
    outbound = createOutboundHttp({ ...policy, allow: ["loopback"] });
    strictOutbound = createOutboundHttp(policy);
  });
  afterAll(async () => {
    await outbound.close();
    await strictOutbound.close();
    await dns.close();
    await receiver.close();
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database.db);
    receiver.requests.length = 0;
    verdicts.length = 0;
    answer = () => ({});
    now = new Date("2026-01-01T00:00:00Z");
  });

  function deliverer(
    options: {
      maxAttempts?: number;
      timeoutMs?: number;
      batchSize?: number;
      db?: typeof database.db;
      fetch?: typeof globalThis.fetch;
    } = {},
  ) {
    const { logger, lines } = createTestLogger();
    const webhooks = createWebhookDeliverer({
      db: options.db ?? database.db,
      fetch: options.fetch ?? outbound.fetch,
      secretOf,
      clock,
      maxAttempts: options.maxAttempts ?? 3,
      backoff: (attempt) => 1000 * attempt,
      timeoutMs: options.timeoutMs ?? 5000,
      batchSize: options.batchSize ?? 20,
      logger,
    });
    return { webhooks, lines };
  }

  /** An endpoint of the authority, subscribed to every topic, that the receiver serves. */
  async function authorityEndpoint(events: string[] = []) {
    const seed = createMessagingSeed(database.db);
    const officer = await seed.user();
    const endpoint = await seed.endpoint({
      ownerId: officer.id,
      authorityId: seed.authorityId,
      url: "http://placeholder",
      events,
    });
    await database.db
      .update(webhookEndpoints)
      .set({ url: `${receiver.url}/${endpoint.id}` })
      .where(eq(webhookEndpoints.id, endpoint.id));
    return endpoint;
  }

  async function stateChanged(authorityId = "uto-evisa", extra: Record<string, string> = {}): Promise<OutboxMessage> {
    return enqueueOutbox(database.db, {
      topic: "application.state_changed",
      aggregateId: "app",
      payload: { authorityId, from: "under_review", to: "approved", ...extra },
    });
  }

  async function deliveries() {
    return database.db.select().from(webhookDeliveries);
  }

  test("fans an event out to the active endpoints subscribed to it and in its scope, once", async () => {
    const seed = createMessagingSeed(database.db);
    const traveller = await seed.user();
    const organisation = await seed.organisation();
    const otherOrganisation = await seed.organisation();
    const application = await seed.application({ userId: traveller.id, organisationId: organisation.id });
    const url = "https://receiver.example/hook";
    const endpoints = {
      authorityAll: await seed.endpoint({ ownerId: traveller.id, authorityId: seed.authorityId, url }),
      authorityPaymentsOnly: await seed.endpoint({
        ownerId: traveller.id,
        authorityId: seed.authorityId,
        url,
        events: ["payment.seen"],
      }),
      otherAuthority: await seed.endpoint({ ownerId: traveller.id, authorityId: "other-evisa", url }),
      organisation: await seed.endpoint({ ownerId: traveller.id, organisationId: organisation.id, url }),
      otherOrganisation: await seed.endpoint({ ownerId: traveller.id, organisationId: otherOrganisation.id, url }),
      inactive: await seed.endpoint({ ownerId: traveller.id, authorityId: seed.authorityId, url, active: false }),
    };
    const nameOf = (id: string) => Object.entries(endpoints).find(([, endpoint]) => endpoint.id === id)![0];
    const { webhooks } = deliverer();

    // The payload's authority claim does not widen the scope: the application's authority decides.
    const changed = await enqueueOutbox(database.db, {
      topic: "application.state_changed",
      aggregateId: application.id,
      payload: { applicationId: application.id, userId: traveller.id, authorityId: "other-evisa", to: "approved" },
    });
    expect(await webhooks.fanOut(changed)).toBe(2);
    expect(await webhooks.fanOut(changed)).toBe(0);
    const seen = await enqueueOutbox(database.db, {
      topic: "payment.seen",
      aggregateId: application.id,
      payload: {
        applicationId: application.id,
        userId: traveller.id,
        txHash: `0x${"ab".repeat(32)}`,
        confirmations: 0,
      },
    });
    expect(await webhooks.fanOut(seen)).toBe(3);
    const rows = await deliveries();
    expect(
      rows
        .filter((row) => row.eventId === changed.id)
        .map((row) => nameOf(row.endpointId))
        .sort(),
    ).toEqual(["authorityAll", "organisation"]);
    expect(
      rows
        .filter((row) => row.eventId === seen.id)
        .map((row) => nameOf(row.endpointId))
        .sort(),
    ).toEqual(["authorityAll", "authorityPaymentsOnly", "organisation"]);
    expect(
      rows.every(
        (row) => row.status === "pending" && row.attempts === 0 && row.nextAttemptAt?.getTime() === now.getTime(),
      ),
    ).toBe(true);

    // Without an application, the payload's authority is the scope; a malformed id is no application.
    const loose = await stateChanged("other-evisa", { applicationId: "not-a-uuid" });
    expect(await webhooks.fanOut(loose)).toBe(1);
  });

  test("delivers a signed { id, type, created, data } once, and logs the attempt", async () => {
    const endpoint = await authorityEndpoint();
    answer = () => ({ status: 200, body: "thanks" });
    const event = await stateChanged();
    const { webhooks, lines } = deliverer();
    await webhooks.fanOut(event);
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    expect(await webhooks.deliverDue()).toEqual({ attempted: 0, delivered: 0, retrying: 0, failed: 0 });

    expect(verdicts).toEqual(["valid"]);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: "POST", url: `/${endpoint.id}` });
    expect(request!.headers).toMatchObject({
      "content-type": "application/json",
      "entrada-event-id": String(event.id),
      "entrada-signature": expect.stringMatching(new RegExp(`^t=${now.getTime() / 1000},v1=[0-9a-f]{64}$`)),
    });
    expect(JSON.parse(request!.body)).toEqual({
      id: String(event.id),
      type: "application.state_changed",
      created: Math.floor(event.createdAt.getTime() / 1000),
      data: event.payload,
    });
    const [row] = await deliveries();
    expect(request!.headers["entrada-delivery-id"]).toBe(row!.id);
    expect(row).toMatchObject({
      status: "delivered",
      attempts: 1,
      statusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      lockedUntil: null,
      deliveredAt: now,
    });
    expect(row!.durationMs).toBeGreaterThanOrEqual(0);
    expect(lines.map((line) => [line.msg, line.statusCode])).toEqual([["webhook delivered", 200]]);
    expect(JSON.stringify(lines)).not.toContain(receiver.url);
  });

  test("retries a failed attempt after the backoff, by the injected clock", async () => {
    await authorityEndpoint();
    let calls = 0;
    answer = () => {
      calls += 1;
      return calls === 1 ? { status: 500, body: "boom" } : { status: 204 };
    };
    const { webhooks } = deliverer();
    await webhooks.fanOut(await stateChanged());

    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    const [failed] = await deliveries();
    expect(failed).toMatchObject({
      status: "pending",
      attempts: 1,
      statusCode: 500,
      lastError: "The endpoint answered 500.",
      nextAttemptAt: new Date(now.getTime() + 1000),
      lockedUntil: null,
    });

    now = new Date(now.getTime() + 999);
    expect((await webhooks.deliverDue()).attempted).toBe(0);
    now = new Date(now.getTime() + 1);
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    const [delivered] = await deliveries();
    expect(delivered).toMatchObject({
      status: "delivered",
      attempts: 2,
      statusCode: 204,
      lastError: null,
    });
    expect(receiver.requests).toHaveLength(2);
    // The same event id both times, so the receiver can tell a retry from a new event.
    expect(new Set(receiver.requests.map((request) => JSON.parse(request.body).id)).size).toBe(1);

    now = new Date(now.getTime() + 3_600_000);
    expect((await webhooks.deliverDue()).attempted).toBe(0);
    expect(receiver.requests).toHaveLength(2);
  });

  test("gives up after maxAttempts; redeliver schedules one more attempt", async () => {
    await authorityEndpoint();
    answer = () => ({ status: 503, body: "x".repeat(5000) });
    const { webhooks, lines } = deliverer({ maxAttempts: 3 });
    await webhooks.fanOut(await stateChanged());
    const outcomes = [];
    for (let i = 0; i < 5; i += 1) {
      outcomes.push(await webhooks.deliverDue());
      now = new Date(now.getTime() + 10_000);
    }
    expect(outcomes.map((outcome) => [outcome.attempted, outcome.retrying, outcome.failed])).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    const [failed] = await deliveries();
    expect(failed).toMatchObject({ status: "failed", attempts: 3, statusCode: 503, nextAttemptAt: null });
    expect(failed).not.toHaveProperty("responseSnippet");
    expect(lines.at(-1)?.msg).toBe("webhook delivery failed; giving up");

    answer = () => ({ status: 200 });
    expect(await webhooks.redeliver(failed!.id)).toBe(true);
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    // Redelivering a delivered event sends it once more, on request.
    expect(await webhooks.redeliver(failed!.id)).toBe(true);
    expect((await webhooks.deliverDue()).delivered).toBe(1);
    expect(receiver.requests).toHaveLength(5);
    expect(await webhooks.redeliver("00000000-0000-4000-8000-000000000000")).toBe(false);
    expect(await webhooks.redeliver("not-a-uuid")).toBe(false);
  });

  test("an attempt that times out is retried; a deactivated endpoint is given up without a request", async () => {
    const endpoint = await authorityEndpoint();
    answer = () => ({ status: 200, delayMs: 1000 });
    const { webhooks } = deliverer({ timeoutMs: 100 });
    await webhooks.fanOut(await stateChanged());
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    const [timedOut] = await deliveries();
    expect(timedOut).toMatchObject({ status: "pending", statusCode: null });
    expect(timedOut!.lastError).toMatch(/TimeoutError/);

    await database.db.update(webhookEndpoints).set({ active: false }).where(eq(webhookEndpoints.id, endpoint.id));
    now = new Date(now.getTime() + 60_000);
    const requestsBefore = receiver.requests.length;
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 0, retrying: 0, failed: 1 });
    expect(receiver.requests).toHaveLength(requestsBefore);
    const [given] = await deliveries();
    expect(given).toMatchObject({ status: "failed", lastError: "The endpoint was deactivated." });
  });

  test("an endpoint that is or resolves to a special-purpose address is refused at connect time", async () => {
    const seed = createMessagingSeed(database.db);
    const officer = await seed.user();
    const port = new URL(receiver.url).port;
    const urls = [
      `http://evil.test:${port}/hook`,
      `http://mapped.test:${port}/hook`,
      "http://meta.test/latest/meta-data/",
      `http://127.0.0.1:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
    ];
    for (const url of urls) await seed.endpoint({ ownerId: officer.id, authorityId: seed.authorityId, url });
    const { webhooks, lines } = deliverer({ fetch: strictOutbound.fetch });
    await webhooks.fanOut(await stateChanged());
    expect(await webhooks.deliverDue()).toEqual({ attempted: 5, delivered: 0, retrying: 5, failed: 0 });
    const rows = await database.db
      .select({
        url: webhookEndpoints.url,
        statusCode: webhookDeliveries.statusCode,
        lastError: webhookDeliveries.lastError,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId));
    expect(Object.fromEntries(rows.map((row) => [row.url, [row.statusCode, row.lastError]]))).toEqual({
      [urls[0]!]: [
        null,
        "ENTRADA_OUTBOUND_ADDRESS_REFUSED: evil.test resolves to 127.0.0.1 (loopback), which webhooks may not reach.",
      ],
      [urls[1]!]: [
        null,
        "ENTRADA_OUTBOUND_ADDRESS_REFUSED: mapped.test resolves to ::ffff:127.0.0.1 (ipv4Mapped/loopback), which webhooks may not reach.",
      ],
      [urls[2]!]: [
        null,
        "ENTRADA_OUTBOUND_ADDRESS_REFUSED: meta.test resolves to 169.254.169.254 (linkLocal), which webhooks may not reach.",
      ],
      [urls[3]!]: [
        null,
        "ENTRADA_OUTBOUND_ADDRESS_REFUSED: 127.0.0.1 (loopback) is not an address webhooks may reach.",
      ],
      [urls[4]!]: [
        null,
        "ENTRADA_OUTBOUND_ADDRESS_REFUSED: ::ffff:7f00:1 (ipv4Mapped/loopback) is not an address webhooks may reach.",
      ],
    });
    expect(receiver.requests).toEqual([]);
    expect(lines.filter((line) => line.msg === "webhook delivery failed; will retry")).toHaveLength(5);
  });

  test("without a client of its own, a deliverer uses production's policy: the local receiver is out of reach", async () => {
    await authorityEndpoint();
    const { logger } = createTestLogger();
    const webhooks = createWebhookDeliverer({ db: database.db, secretOf, clock, logger });
    await webhooks.fanOut(await stateChanged());
    expect(await webhooks.deliverDue()).toMatchObject({ attempted: 1, delivered: 0, retrying: 1 });
    const [row] = await deliveries();
    expect(row!.lastError).toBe(
      "ENTRADA_OUTBOUND_URL_REFUSED: The URL of a webhooks request uses a scheme it may not use.",
    );
    expect(receiver.requests).toEqual([]);
  });

  test("a redirect is a failed attempt with its status, and is not followed", async () => {
    await authorityEndpoint();
    answer = () => ({ status: 302, body: "see other" });
    const { webhooks } = deliverer();
    await webhooks.fanOut(await stateChanged());
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    const [row] = await deliveries();
    expect(row).toMatchObject({
      status: "pending",
      statusCode: 302,
      lastError:
        "ENTRADA_OUTBOUND_REDIRECT_REFUSED: The webhooks endpoint answered 302, a redirect, which is not followed.",
    });
    expect(receiver.requests).toHaveLength(1);
  });

  test("concurrent deliverers never send a delivery twice", { timeout: 60_000 }, async () => {
    const endpoints = [await authorityEndpoint(), await authorityEndpoint()];
    // Some first attempts fail, so retries are claimed concurrently too.
    let count = 0;
    const succeeded = new Set<string>();
    const afterSuccess: string[] = [];
    answer = (request) => {
      const deliveryId = String(request.headers["entrada-delivery-id"]);
      if (succeeded.has(deliveryId)) afterSuccess.push(deliveryId);
      count += 1;
      if (count % 7 === 0) return { status: 500 };
      succeeded.add(deliveryId);
      return { status: 200, delayMs: count % 3 };
    };
    const { webhooks: fanner } = deliverer();
    for (let i = 0; i < 30; i += 1) await fanner.fanOut(await stateChanged());
    expect(await deliveries()).toHaveLength(60);

    // On PostgreSQL each deliverer has a pool of its own, as two server processes would.
    const other = name === "postgres" ? createDatabase({ url: database.url, maxConnections: 4 }) : undefined;
    try {
      const workers = [
        deliverer({ batchSize: 4 }).webhooks,
        deliverer({ batchSize: 4, db: other?.db ?? database.db }).webhooks,
        deliverer({ batchSize: 4 }).webhooks,
        deliverer({ batchSize: 4, db: other?.db ?? database.db }).webhooks,
      ];
      const attemptedBy = workers.map(() => 0);
      for (let round = 0; round < 5; round += 1) {
        await Promise.all(
          workers.map(async (webhooks, index) => {
            for (let attempted = 1; attempted > 0; attemptedBy[index]! += attempted) {
              attempted = (await webhooks.deliverDue()).attempted;
            }
          }),
        );
        now = new Date(now.getTime() + 60_000);
      }
      if (name === "postgres") expect(attemptedBy.filter((attempted) => attempted > 0).length).toBeGreaterThan(1);
    } finally {
      await other?.close();
    }
    const rows = await deliveries();
    expect(rows.every((row) => row.status === "delivered")).toBe(true);
    expect(afterSuccess).toEqual([]);
    expect(succeeded.size).toBe(60);
    // Every attempt is a claim: the requests a delivery got are exactly its recorded attempts.
    const requestsPerDelivery = new Map<string, number>();
    for (const request of receiver.requests) {
      const key = String(request.headers["entrada-delivery-id"]);
      requestsPerDelivery.set(key, (requestsPerDelivery.get(key) ?? 0) + 1);
    }
    expect(requestsPerDelivery.size).toBe(60);
    for (const row of rows) expect(requestsPerDelivery.get(row.id), row.id).toBe(row.attempts);
    expect(verdicts.every((verdict) => verdict === "valid")).toBe(true);
    expect(new Set(rows.map((row) => row.endpointId))).toEqual(new Set(endpoints.map((endpoint) => endpoint.id)));
  });
});
