import { randomUUID } from "node:crypto";
import { enqueueOutbox, webhookDeliveries, webhookEndpoints } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecordCipher, type RecordCipher } from "../crypto/createRecordCipher.ts";
import { createOutboundHttp, type OutboundHttp } from "../http/outbound/createOutboundHttp.ts";
import { createWebhookDeliverer, type WebhookDeliverer } from "../messaging/createWebhookDeliverer.ts";
import { createTestApp, type TestApp, testConfig } from "../testing/createTestApp.ts";
import { grantRole, signIn, type TestUser } from "../testing/signIn.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/startWebhookReceiver.ts";
import { openWebhookSecret, webhookRoutes } from "./webhookRoutes.ts";

type EndpointJson = { id: string; url: string; events: string[]; secret: string };

describe.each(createTestDatabases())("webhook endpoint routes on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let cipher: RecordCipher;
  let webhooks: WebhookDeliverer;
  let receiver: WebhookReceiver;
  /** As in development: the receiver listens on 127.0.0.1. */
  let outbound: OutboundHttp;
  let gbOfficer: TestUser;
  let keOfficer: TestUser;
  let traveller: TestUser;

  beforeAll(async () => {
    database = await open();
    const config = testConfig();
    cipher = createRecordCipher({ masterKey: config.masterKey });
    let clock: () => Date = () => new Date();
    outbound = createOutboundHttp({ target: "webhooks", allowHttp: true, allow: ["loopback"] });
    webhooks = createWebhookDeliverer({
      db: database.db,
      fetch: outbound.fetch,
      logger: pino({ level: "silent" }),
      clock: () => clock(),
      secretOf: (endpoint) => openWebhookSecret(cipher, endpoint.secretCiphertext),
    });
    t = await createTestApp({
      db: database.db,
      config,
      plugins: [
        webhookRoutes({ db: database.db, cipher, webhooks, urlPolicy: { allowHttp: true, allow: ["loopback"] } }),
      ],
    });
    clock = t.clock;
    receiver = await startWebhookReceiver({ now: t.clock });
    gbOfficer = await signIn(t.app);
    await grantRole(database.db, gbOfficer.id, "officer", { authorityId: "gb-eta" });
    keOfficer = await signIn(t.app);
    await grantRole(database.db, keOfficer.id, "officer", { authorityId: "ke-eta" });
    traveller = await signIn(t.app);
  });
  afterAll(async () => {
    await t.app.close();
    await receiver.close();
    await outbound.close();
    await database.close();
  });

  const register = (user: TestUser, payload: Record<string, unknown>) =>
    t.app.inject({ method: "POST", url: "/api/v1/webhook-endpoints", headers: user.headers, payload });

  test("registers an endpoint: the secret is in that answer only, and sealed at rest", async () => {
    // Nothing is ever delivered to it: this file's events are for ke-eta.
    const url = "https://gb-eta.example.org/entrada/webhooks";
    const response = await register(gbOfficer, { url, events: ["payment.confirmed", "application.state_changed"] });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json<EndpointJson>();
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url,
      events: ["payment.confirmed", "application.state_changed"],
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{32}$/),
    });

    const [row] = await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(row).toMatchObject({
      ownerId: gbOfficer.id,
      authorityId: "gb-eta",
      organisationId: null,
      url,
      active: true,
      secretKeyId: cipher.masterKeyId,
    });
    // The column holds the sealed secret: not the secret, not even as a substring; the master key opens it.
    const sealed = Buffer.from(row!.secretCiphertext);
    expect(sealed.includes(Buffer.from(created.secret))).toBe(false);
    expect(sealed.includes(Buffer.from(created.secret.slice("whsec_".length)))).toBe(false);
    expect(openWebhookSecret(cipher, row!.secretCiphertext)).toBe(created.secret);
    const other = createRecordCipher({ masterKey: new Uint8Array(32).fill(7) });
    expect(() => openWebhookSecret(other, row!.secretCiphertext)).toThrow();

    // Listing never shows it again.
    const listed = await t.app.inject({ method: "GET", url: "/api/v1/webhook-endpoints", headers: gbOfficer.headers });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toEqual({ data: [{ id: created.id, url, events: created.events }] });
    expect(listed.body).not.toContain(created.secret);

    // Each endpoint has its own secret.
    const second = (await register(gbOfficer, { url: `${url}/2` })).json<EndpointJson>();
    expect(second.events).toEqual([]);
    expect(second.secret).not.toBe(created.secret);
  });

  test("an API key manages endpoints only with webhooks:manage", async () => {
    const keyWith = async (scopes: string[]) => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/api-keys",
        headers: gbOfficer.headers,
        payload: { name: "case system", authorityId: "gb-eta", scopes },
      });
      expect(response.statusCode, response.body).toBe(201);
      return { authorization: `Bearer ${response.json<{ key: string }>().key}` };
    };
    const reader = await keyWith(["applications:read", "applications:decide"]);
    const url = "https://gb-eta.example.org/entrada/scoped";
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/v1/webhook-endpoints",
      headers: reader,
      payload: { url },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: "ENTRADA_API_KEY_SCOPE",
      details: { scope: "webhooks:manage" },
    });
    const listed = await t.app.inject({ method: "GET", url: "/api/v1/webhook-endpoints", headers: reader });
    expect(listed.json().error.code).toBe("ENTRADA_API_KEY_SCOPE");

    const manager = await keyWith(["webhooks:manage"]);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/webhook-endpoints",
      headers: manager,
      payload: { url },
    });
    expect(created.statusCode, created.body).toBe(201);
    await database.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, created.json<EndpointJson>().id));
  });

  test("an authority lists only its own endpoints", async () => {
    const mine = (await register(keOfficer, { url: "https://ke-eta.example.org/hooks" })).json<EndpointJson>();
    const listed = await t.app.inject({ method: "GET", url: "/api/v1/webhook-endpoints", headers: keOfficer.headers });
    expect(listed.json()).toEqual({ data: [{ id: mine.id, url: mine.url, events: [] }] });
    const gb = await t.app.inject({ method: "GET", url: "/api/v1/webhook-endpoints", headers: gbOfficer.headers });
    expect(gb.json<{ data: { id: string }[] }>().data.map((endpoint) => endpoint.id)).not.toContain(mine.id);
    await database.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, mine.id));
  });

  test("logs each delivery, and redelivers on request: 202, then a new signed attempt reaches the receiver", async () => {
    const created = (await register(keOfficer, { url: receiver.url })).json<EndpointJson>();
    receiver.setSecret(created.secret);
    const applicationId = randomUUID();
    const event = await enqueueOutbox(database.db, {
      topic: "payment.confirmed",
      aggregateId: applicationId,
      payload: { applicationId, userId: randomUUID(), organisationId: null, authorityId: "ke-eta", confirmations: 1 },
    });
    expect(await webhooks.fanOut(event)).toBe(1);
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const [first] = receiver.received;
    expect(first).toMatchObject({ eventId: String(event.id), signatureValid: true });
    expect(first!.body).toEqual({
      id: String(event.id),
      type: "payment.confirmed",
      created: Math.floor(event.createdAt.getTime() / 1000),
      data: event.payload,
    });

    const log = await t.app.inject({
      method: "GET",
      url: `/api/v1/webhook-endpoints/${created.id}/deliveries`,
      headers: keOfficer.headers,
    });
    expect(log.statusCode, log.body).toBe(200);
    const entries = log.json<{ data: Record<string, unknown>[] }>().data;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toEqual({
      id: first!.deliveryId,
      endpointId: created.id,
      eventId: event.id,
      status: "delivered",
      attempts: 1,
      statusCode: 200,
      durationMs: expect.any(Number),
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // The receiver's answer ("thanks") is not in the log: an endpoint may point at an internal service.
    expect(log.body).not.toContain("thanks");

    const redelivered = await t.app.inject({
      method: "POST",
      url: `/api/v1/webhook-deliveries/${first!.deliveryId}/redeliver`,
      headers: keOfficer.headers,
    });
    expect(redelivered.statusCode, redelivered.body).toBe(202);
    expect(redelivered.json()).toEqual({ id: first!.deliveryId, scheduled: true });
    t.clock.advance(1);
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(2);
    // The same event and delivery: a receiver deduplicates on the id.
    expect(receiver.received[1]).toMatchObject({
      eventId: String(event.id),
      deliveryId: first!.deliveryId,
      signatureValid: true,
      body: first!.body,
    });
    const [row] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, first!.deliveryId));
    expect(row).toMatchObject({ status: "delivered", attempts: 2, statusCode: 200 });

    // While an attempt is in flight, a redelivery is refused rather than sent twice at once.
    await database.db
      .update(webhookDeliveries)
      .set({ lockedUntil: new Date(t.clock().getTime() + 60_000) })
      .where(eq(webhookDeliveries.id, first!.deliveryId));
    const busy = await t.app.inject({
      method: "POST",
      url: `/api/v1/webhook-deliveries/${first!.deliveryId}/redeliver`,
      headers: keOfficer.headers,
    });
    expect(busy.statusCode, busy.body).toBe(409);
    expect(busy.json().error.code).toBe("ENTRADA_CONCURRENT_UPDATE");
  });

  test("another authority's endpoint and deliveries answer 404", async () => {
    const [delivery] = await database.db.select().from(webhookDeliveries).limit(1);
    expect(delivery).toBeDefined();
    const log = await t.app.inject({
      method: "GET",
      url: `/api/v1/webhook-endpoints/${delivery!.endpointId}/deliveries`,
      headers: gbOfficer.headers,
    });
    expect(log.statusCode, log.body).toBe(404);
    expect(log.json()).toEqual({
      error: { code: "ENTRADA_NOT_FOUND", message: "No such webhook endpoint.", details: {} },
    });
    const redeliver = await t.app.inject({
      method: "POST",
      url: `/api/v1/webhook-deliveries/${delivery!.id}/redeliver`,
      headers: gbOfficer.headers,
    });
    expect(redeliver.statusCode, redeliver.body).toBe(404);
    expect(redeliver.json()).toEqual({
      error: { code: "ENTRADA_NOT_FOUND", message: "No such webhook delivery.", details: {} },
    });
    const unknown = await t.app.inject({
      method: "GET",
      url: `/api/v1/webhook-endpoints/${randomUUID()}/deliveries`,
      headers: keOfficer.headers,
    });
    expect(unknown.statusCode).toBe(404);
  });

  test("a plain traveller may not manage webhooks, and an anonymous caller must sign in", async () => {
    const forbidden = {
      error: {
        code: "ENTRADA_FORBIDDEN",
        message: 'You may not do "webhook.manage" here.',
        details: { action: "webhook.manage" },
      },
    };
    const created = await register(traveller, { url: "https://traveller.example.org/hooks" });
    expect(created.statusCode, created.body).toBe(403);
    expect(created.json()).toEqual(forbidden);
    const listed = await t.app.inject({ method: "GET", url: "/api/v1/webhook-endpoints", headers: traveller.headers });
    expect(listed.statusCode).toBe(403);
    expect(listed.json()).toEqual(forbidden);
    expect(await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.ownerId, traveller.id))).toEqual(
      [],
    );

    const anonymous = await t.app.inject({
      method: "POST",
      url: "/api/v1/webhook-endpoints",
      payload: { url: "https://anonymous.example.org/hooks" },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe("ENTRADA_UNAUTHENTICATED");
  });

  test.each([
    ["an ftp URL", { url: "ftp://gb-eta.example.org/hooks" }, 'body/url must match pattern "^https?://"'],
    ["a URL with a space", { url: "https://gb-eta.example.org/web hooks" }, 'body/url must match format "uri"'],
    ["a missing URL", {}, "body must have required property 'url'"],
    [
      "an unknown topic",
      { url: "https://gb-eta.example.org/h", events: ["application.deleted"] },
      "body/events/0 must be equal to one of the allowed values",
    ],
  ])("%s is refused with the API's validation error", async (_, payload, message) => {
    const before = await database.db.select().from(webhookEndpoints);
    const response = await register(gbOfficer, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: "ENTRADA_VALIDATION",
        message: `Invalid request: request ${message}`,
        details: { issues: [{ path: "request", message }] },
      },
    });
    expect(await database.db.select().from(webhookEndpoints)).toHaveLength(before.length);
  });

  test("a malformed id is a validation error, not a server error", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/v1/webhook-endpoints/not-a-uuid/deliveries",
      headers: gbOfficer.headers,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("ENTRADA_VALIDATION");
  });
});

describe.each(createTestDatabases())("webhook endpoint registration in production on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let officer: TestUser;
  let outbound: OutboundHttp;

  beforeAll(async () => {
    database = await open();
    const config = testConfig();
    const cipher = createRecordCipher({ masterKey: config.masterKey });
    outbound = createOutboundHttp({ target: "webhooks" });
    const webhooks = createWebhookDeliverer({
      db: database.db,
      fetch: outbound.fetch,
      logger: pino({ level: "silent" }),
      secretOf: (endpoint) => openWebhookSecret(cipher, endpoint.secretCiphertext),
    });
    // The default policy, production's: public https URLs only.
    t = await createTestApp({
      db: database.db,
      config,
      plugins: [webhookRoutes({ db: database.db, cipher, webhooks })],
    });
    officer = await signIn(t.app);
    await grantRole(database.db, officer.id, "officer", { authorityId: "gb-eta" });
  });
  afterAll(async () => {
    await t.app.close();
    await outbound.close();
    await database.close();
  });

  test.each([
    ["http://hooks.example.org/entrada", "must use https"],
    ["https://user:secret@hooks.example.org/entrada", "must not carry credentials"],
    ["https://localhost./", "must not point at localhost (loopback)"],
    ["https://api.localhost/hook", "must not point at api.localhost (loopback)"],
    ["https://0x7f.1/hook", "must not point at 127.0.0.1 (loopback)"],
    ["https://2130706433/hook", "must not point at 127.0.0.1 (loopback)"],
    ["https://100.64.0.1/hook", "must not point at 100.64.0.1 (carrierGradeNat)"],
    ["https://0.0.0.1/hook", "must not point at 0.0.0.1 (unspecified)"],
    ["https://224.0.0.1/hook", "must not point at 224.0.0.1 (multicast)"],
    ["https://169.254.169.254/latest", "must not point at 169.254.169.254 (linkLocal)"],
    ["https://[::ffff:127.0.0.1]/hook", "must not point at ::ffff:7f00:1 (ipv4Mapped/loopback)"],
    ["https://[fe80::1]/hook", "must not point at fe80::1 (linkLocal)"],
  ])("refuses %s: the URL %s", async (url, reason) => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/webhook-endpoints",
      headers: officer.headers,
      payload: { url },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual({
      error: { code: "ENTRADA_VALIDATION", message: `The webhook URL ${reason}.`, details: { field: "url" } },
    });
    expect(await database.db.select().from(webhookEndpoints)).toEqual([]);
  });

  test("accepts a public https URL; names are checked when connecting, not here", async () => {
    // 127.0.0.1.nip.io resolves to loopback: the deliverer's client refuses it at connect time.
    for (const url of ["https://hooks.example.org/entrada", "https://127.0.0.1.nip.io/hook"]) {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/v1/webhook-endpoints",
        headers: officer.headers,
        payload: { url },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
  });
});
