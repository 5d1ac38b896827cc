import {
  createDatabase,
  enqueueOutbox,
  type Locale,
  notifications,
  outbox,
  webhookDeliveries,
  webhookEndpoints,
} from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createOutboundHttp } from "../http/outbound/createOutboundHttp.ts";
import { createEventBus } from "./createEventBus.ts";
import { createMailer } from "./createMailer.ts";
import { createOutboxWorker } from "./createOutboxWorker.ts";
import { createSmsSender } from "./createSmsSender.ts";
import { createUserLookup } from "./createUserLookup.ts";
import { createWebhookDeliverer } from "./createWebhookDeliverer.ts";
import { notifyOutbox } from "./notifyOutbox.ts";
import { createMessagingSeed } from "./testing/createMessagingSeed.ts";
import { createTestLogger } from "./testing/createTestLogger.ts";
import { type HttpStandIn, startHttpStandIn } from "./testing/startHttpStandIn.ts";
import { type SmtpStandIn, startSmtpStandIn } from "./testing/startSmtpStandIn.ts";

const from = "Entrada <no-reply@entrada.example>";
/** The receiver listens on 127.0.0.1, so the deliverers' client allows loopback (as in development). */
const outbound = createOutboundHttp({ target: "webhooks", allowHttp: true, allow: ["loopback"] });
afterAll(() => outbound.close());

describe.each(createTestDatabases())("createOutboxWorker on $name", ({ name, open }) => {
  let database: TestDatabase;
  let smtp: SmtpStandIn;
  let receiver: HttpStandIn;

  beforeAll(async () => {
    database = await open();
    smtp = await startSmtpStandIn();
    receiver = await startHttpStandIn(() => ({ status: 200 }));
  });
  afterAll(async () => {
    await receiver.close();
    await smtp.close();
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database.db);
    smtp.messages.length = 0;
    receiver.requests.length = 0;
  });

  /** A worker with its own mailer and deliverer, on `db` (another pool stands for another process). */
  function worker(workerId: string, options: { db?: typeof database.db; smtp?: boolean; phone?: string } = {}) {
    const db = options.db ?? database.db;
    const { logger, lines } = createTestLogger();
    const mailer = createMailer({ db, from, logger, ...(options.smtp === false ? {} : { smtpUrl: smtp.url }) });
    const webhooks = createWebhookDeliverer({
      db,
      fetch: outbound.fetch,
      secretOf: () => "whsec_test",
      logger,
      backoff: () => 0,
    });
    const lookup = createUserLookup({ db });
    const users = options.phone
      ? async (userId: string) => {
          const recipient = await lookup(userId);
          return recipient && { ...recipient, phone: options.phone };
        }
      : lookup;
    const sms = options.phone ? createSmsSender({ db, logger }) : undefined;
    return {
      worker: createOutboxWorker({
        db,
        mailer,
        sms,
        webhooks,
        users,
        logger,
        workerId,
        appUrl: "https://entrada.example",
      }),
      lines,
      close: () => mailer.close(),
    };
  }

  async function stateChanged(userId: string, to: string, extra: Record<string, string> = {}) {
    return enqueueOutbox(database.db, {
      topic: "application.state_changed",
      aggregateId: "app",
      payload: {
        applicationId: "3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d",
        userId,
        authorityId: "uto-evisa",
        to,
        actorRole: "officer",
        ...extra,
      },
    });
  }

  test("e-mails the owner in their language, schedules webhooks, and completes the event", async () => {
    const seed = createMessagingSeed(database.db);
    const ana = await seed.user({ email: "ana@example.com", locale: "es" });
    const endpoint = await seed.endpoint({ ownerId: ana.id, authorityId: seed.authorityId, url: receiver.url });
    const event = await stateChanged(ana.id, "rejected", { reason: "Foto borrosa." });
    const { worker: one, lines, close } = worker("w1");

    expect(await one.processOnce()).toEqual({ claimed: 1, completed: 1, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(["ana@example.com"]);
    expect(smtp.messages[0]!.data).toContain("Subject: La solicitud 3F2A9C1B no fue aprobada");
    const [row] = await database.db.select().from(notifications);
    expect(row).toMatchObject({
      eventId: event.id,
      userId: ana.id,
      channel: "email",
      locale: "es",
      template: "rejected",
      to: "ana@example.com",
      subject: "La solicitud 3F2A9C1B no fue aprobada",
      status: "sent",
    });
    expect(row!.body).toContain("> Foto borrosa.");
    expect(smtp.messages[0]!.messageId).toBe(`<${row!.id}@entrada.example>`);
    const [done] = await database.db.select().from(outbox).where(eq(outbox.id, event.id));
    expect(done?.processedAt).toBeInstanceOf(Date);
    expect(await database.db.select({ endpointId: webhookDeliveries.endpointId }).from(webhookDeliveries)).toEqual([
      { endpointId: endpoint.id },
    ]);
    expect(await one.processOnce()).toEqual({ claimed: 0, completed: 0, failed: 0 });
    expect(JSON.stringify(lines)).not.toMatch(/ana@example\.com|Foto borrosa/);
    close();
  });

  test("names the application by its short reference, as the traveller's pages do", async () => {
    const seed = createMessagingSeed(database.db);
    const li = await seed.user({ email: "li@example.com", locale: "zh" });
    const application = await seed.application({ userId: li.id });
    expect(application.reference).toMatch(/^ENT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    await stateChanged(li.id, "approved", { applicationId: application.id });
    const { worker: one, close } = worker("w1");

    expect(await one.processOnce()).toMatchObject({ completed: 1 });
    const [row] = await database.db.select().from(notifications).where(eq(notifications.userId, li.id));
    expect(row!.subject).toBe(`申请 ${application.reference} 已获批准`);
    close();
  });

  test("a retried event does not e-mail twice", async () => {
    const seed = createMessagingSeed(database.db);
    const ana = await seed.user({ email: "ana@example.com", locale: "en" });
    const event = await stateChanged(ana.id, "approved");
    const { worker: one, close } = worker("w1");
    await one.processOnce();
    // As if the worker had crashed after sending, before completing: the event comes round again.
    await database.db.update(outbox).set({ processedAt: null }).where(eq(outbox.id, event.id));
    expect(await one.processOnce()).toEqual({ claimed: 1, completed: 1, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(await database.db.select({ status: notifications.status }).from(notifications)).toEqual([
      { status: "sent" },
    ]);
    close();
  });

  test("a refused e-mail fails the event with backoff, without the address, and goes out on retry", async () => {
    const seed = createMessagingSeed(database.db);
    const ana = await seed.user({ email: "ana@example.com", locale: "zh" });
    const event = await stateChanged(ana.id, "needs_info", { reason: "请上传清晰的照片。" });
    const { worker: one, lines, close } = worker("w1");
    smtp.failNext(1, "451 4.3.0 <ana@example.com> try again later");
    expect(await one.processOnce()).toEqual({ claimed: 1, completed: 0, failed: 1 });
    const [failed] = await database.db.select().from(outbox).where(eq(outbox.id, event.id));
    expect(failed).toMatchObject({ processedAt: null, failedAt: null, lockedBy: null });
    expect(failed!.lastError).toContain("MailSendError");
    expect(failed!.lastError).not.toContain("ana@example.com");
    expect(failed!.availableAt.getTime()).toBeGreaterThan(Date.now());
    expect(await database.db.select({ status: notifications.status }).from(notifications)).toEqual([
      { status: "failed" },
    ]);

    await database.db.execute(sql`update outbox set available_at = now() where id = ${event.id}`);
    expect(await one.processOnce()).toEqual({ claimed: 1, completed: 1, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.data).toMatch(/Subject: =\?UTF-8\?/);
    expect(JSON.stringify(lines)).not.toContain("ana@example.com");
    expect(lines.map((line) => line.msg)).toContain("outbox event failed; will retry");
    close();
  });

  test("sends nothing for the applicant's own changes, wallet-only users, unknown users or other topics", async () => {
    const seed = createMessagingSeed(database.db);
    const ana = await seed.user({ email: "ana@example.com" });
    const walletOnly = await seed.user();
    await stateChanged(ana.id, "submitted", { actorRole: "traveller" });
    await stateChanged(walletOnly.id, "approved");
    await stateChanged("0b6f7f5e-0000-4000-8000-000000000000", "approved");
    await enqueueOutbox(database.db, {
      topic: "authority.updated",
      aggregateId: "uto-evisa",
      payload: { userId: ana.id },
    });
    const { worker: one, close } = worker("w1");
    expect(await one.processOnce()).toEqual({ claimed: 4, completed: 4, failed: 0 });
    expect(smtp.messages).toEqual([]);
    expect(await database.db.select().from(notifications)).toEqual([]);
    close();
  });

  test("e-mails a KYC reviewer's decision to the traveller in their language; no webhook carries it", async () => {
    const seed = createMessagingSeed(database.db);
    const li = await seed.user({ email: "li@example.com", locale: "zh" });
    await seed.endpoint({ ownerId: li.id, authorityId: seed.authorityId, url: receiver.url });
    const event = await enqueueOutbox(database.db, {
      topic: "identity.review_decided",
      aggregateId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      payload: {
        verificationId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        userId: li.id,
        decision: "pass",
        at: "2030-01-02T03:04:05.000Z",
      },
    });
    const { worker: one, close } = worker("w1");
    expect(await one.processOnce()).toEqual({ claimed: 1, completed: 1, failed: 0 });
    expect(smtp.messages.map((message) => message.to)).toEqual([["li@example.com"]]);
    const [row] = await database.db.select().from(notifications);
    expect(row).toMatchObject({
      eventId: event.id,
      userId: li.id,
      channel: "email",
      locale: "zh",
      template: "identity_verified",
      subject: "您的身份已通过验证",
      status: "sent",
    });
    expect(row!.body).toContain("https://entrada.example/identity");
    // It names no application and no authority: no endpoint is in its scope.
    expect(await database.db.select().from(webhookDeliveries)).toEqual([]);
    close();
  });

  test("without SMTP, the e-mail lands in the development mailbox; SMS go there too", async () => {
    const seed = createMessagingSeed(database.db);
    const ana = await seed.user({ email: "ana@example.com", locale: "es" });
    await enqueueOutbox(database.db, {
      topic: "payment.confirmed",
      aggregateId: "app",
      payload: {
        applicationId: "3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d",
        userId: ana.id,
        amount: "40020000",
        currency: "USDC",
      },
    });
    const { worker: one, close } = worker("w1", { smtp: false, phone: "+34600123456" });
    expect(await one.processOnce()).toEqual({ claimed: 1, completed: 1, failed: 0 });
    expect(smtp.messages).toEqual([]);
    const rows = await database.db
      .select({
        channel: notifications.channel,
        to: notifications.to,
        status: notifications.status,
        body: notifications.body,
      })
      .from(notifications)
      .orderBy(notifications.channel);
    expect(rows.map(({ channel, to, status }) => [channel, to, status])).toEqual([
      ["email", "ana@example.com", "sent"],
      ["sms", "+34600123456", "sent"],
    ]);
    expect(rows[0]!.body).toContain("Su pago de 40,02 USDC");
    expect(rows[1]!.body).toBe(
      "Entrada: Pago confirmado para la solicitud 3F2A9C1B https://entrada.example/applications/3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d",
    );
    close();
  });

  test("run() wakes on an announced event, delivers its webhooks, and stops on abort", async () => {
    const seed = createMessagingSeed(database.db);
    const ana = await seed.user({ email: "ana@example.com" });
    const endpoint = await seed.endpoint({ ownerId: ana.id, authorityId: seed.authorityId, url: "http://placeholder" });
    await database.db.update(webhookEndpoints).set({ url: receiver.url }).where(eq(webhookEndpoints.id, endpoint.id));
    const { logger } = createTestLogger();
    const bus = createEventBus({ database, logger });
    const mailer = createMailer({ db: database.db, smtpUrl: smtp.url, from, logger });
    const webhooks = createWebhookDeliverer({
      db: database.db,
      fetch: outbound.fetch,
      secretOf: () => "whsec_test",
      logger,
    });
    const running = createOutboxWorker({
      db: database.db,
      mailer,
      webhooks,
      users: createUserLookup({ db: database.db }),
      logger,
      workerId: "w1",
      bus,
      idleMs: 60_000,
    });
    const controller = new AbortController();
    const stopped = running.run({ signal: controller.signal });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await database.db.transaction(async (tx) => {
        const event = await enqueueOutbox(tx, {
          topic: "application.state_changed",
          aggregateId: "app",
          payload: { userId: ana.id, authorityId: seed.authorityId, to: "issued", actorRole: "system" },
        });
        await notifyOutbox(tx, [event.id]);
      });
      await vi.waitFor(() => expect(smtp.messages).toHaveLength(1), { timeout: 2000 });
      await vi.waitFor(() => expect(receiver.requests).toHaveLength(1), { timeout: 2000 });
      // Far sooner than the 60 s poll: the announcement woke the worker.
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      controller.abort();
      await stopped;
      mailer.close();
      await bus.close();
    }
  });

  test(name === "postgres"
    ? "two workers in two processes and 100 events: each e-mail exactly once"
    : "one worker and 100 events: each e-mail exactly once", { timeout: 60_000 }, async () => {
    const seed = createMessagingSeed(database.db);
    const locales: Locale[] = ["en", "zh", "es"];
    const people = [];
    for (let i = 0; i < 10; i += 1) {
      people.push(await seed.user({ email: `traveller${i}@example.com`, locale: locales[i % 3]! }));
    }
    const states = ["under_review", "needs_info", "approved", "issued", "rejected", "refunded", "expired"];
    for (let i = 0; i < 100; i += 1) {
      await stateChanged(people[i % 10]!.id, states[i % states.length]!, { reason: `reason ${i}`, n: String(i) });
    }
    // A few refusals on the way, so retries run concurrently with first attempts.
    smtp.failNext(5, "451 4.3.0 try later");

    const other = name === "postgres" ? createDatabase({ url: database.url, maxConnections: 4 }) : undefined;
    const workers = [worker("w1"), ...(other ? [worker("w2", { db: other.db })] : [])];
    const claimedBy = workers.map(() => 0);
    try {
      const deadline = Date.now() + 45_000;
      const pending = async () => {
        const [row] = await database.db
          .select({ n: sql<string>`count(*)` })
          .from(outbox)
          .where(sql`${outbox.processedAt} is null`);
        return Number(row!.n);
      };
      // Each worker loops on its own, as in its own process, until no event is left.
      await Promise.all(
        workers.map(async ({ worker: each }, index) => {
          for (;;) {
            const { claimed } = await each.processOnce();
            claimedBy[index]! += claimed;
            if (claimed > 0) continue;
            if ((await pending()) === 0) return;
            if (Date.now() > deadline) throw new Error("events left after 45 s");
            // Failed events wait out their backoff; make them due again.
            await database.db.execute(sql`update outbox set available_at = now() where processed_at is null`);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        }),
      );
    } finally {
      for (const each of workers) each.close();
      await other?.close();
    }

    expect(smtp.messages).toHaveLength(100);
    const keys = smtp.messages.map(
      (message) => `${message.to.join()}|${/reason \d+/.exec(message.data)?.[0] ?? message.messageId}`,
    );
    expect(new Set(smtp.messages.map((message) => message.messageId)).size).toBe(100);
    expect(new Set(keys).size).toBe(100);
    const rows = await database.db
      .select({ status: notifications.status, eventId: notifications.eventId })
      .from(notifications);
    expect(rows).toHaveLength(100);
    expect(rows.every((row) => row.status === "sent")).toBe(true);
    expect(new Set(rows.map((row) => row.eventId)).size).toBe(100);
    if (name === "postgres") expect(claimedBy.every((claimed) => claimed > 0)).toBe(true);
  });
});
