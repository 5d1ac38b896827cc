import { notifications } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createHttpSmsProvider } from "./createHttpSmsProvider.ts";
import { createSmsSender } from "./createSmsSender.ts";
import { SmsSendError } from "./errors.ts";
import { createTestLogger } from "./testing/createTestLogger.ts";
import { type HttpStandIn, startHttpStandIn } from "./testing/startHttpStandIn.ts";

const token = "sms-token-secret";
const sms = {
  to: "+34600123456",
  body: "Entrada: Solicitud 3F2A9C1B aprobada",
  locale: "es",
  template: "approved",
} as const;

describe.each(createTestDatabases())("createSmsSender on $name", ({ open }) => {
  let database: TestDatabase;
  let provider: HttpStandIn;
  let answer = 202;
  beforeAll(async () => {
    database = await open();
    provider = await startHttpStandIn(() => ({ status: answer, body: '{"id":"m1"}' }));
  });
  afterAll(async () => {
    await provider.close();
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database.db);
    provider.requests.length = 0;
    answer = 202;
  });

  test("without a provider, keeps the SMS in the development mailbox", async () => {
    const { logger, lines } = createTestLogger();
    const sender = createSmsSender({ db: database.db, logger });
    expect(sender.transport).toBe("mailbox");
    const { notificationId } = await sender.send(sms);
    expect(await database.db.select().from(notifications)).toEqual([
      expect.objectContaining({
        id: notificationId,
        channel: "sms",
        status: "sent",
        to: sms.to,
        subject: null,
        body: sms.body,
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/600123456|3F2A9C1B/);
  });

  test("posts JSON with the bearer token to the HTTP provider", async () => {
    const { logger, lines } = createTestLogger();
    const sender = createSmsSender({
      db: database.db,
      provider: createHttpSmsProvider({ url: `${provider.url}/v1/messages`, token }),
      logger,
    });
    expect(sender.transport).toBe("http");
    const { notificationId } = await sender.send(sms);
    expect(provider.requests).toEqual([
      expect.objectContaining({
        method: "POST",
        url: "/v1/messages",
        headers: expect.objectContaining({
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "idempotency-key": notificationId,
        }),
      }),
    ]);
    expect(JSON.parse(provider.requests[0]!.body)).toEqual({ to: sms.to, body: sms.body, reference: notificationId });
    const [row] = await database.db.select().from(notifications);
    expect(row).toMatchObject({ status: "sent", sentAt: expect.any(Date) });
    expect(JSON.stringify(lines)).not.toMatch(/600123456|sms-token-secret/);
  });

  test("a refusal is recorded as failed and thrown with the provider's status", async () => {
    answer = 503;
    const { logger, lines } = createTestLogger();
    const sender = createSmsSender({
      db: database.db,
      provider: createHttpSmsProvider({ url: provider.url, token }),
      logger,
    });
    const error = await sender.send(sms).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as SmsSendError).details).toMatchObject({ status: 503 });
    const [row] = await database.db.select().from(notifications);
    expect(row).toMatchObject({ status: "failed", sentAt: null });
    expect(row!.lastError).toContain("The SMS provider answered 503.");
    expect(lines.map((line) => [line.msg, line.status])).toEqual([["SMS provider refused a message", 503]]);
  });

  test("an unreachable provider is an error too", async () => {
    const { logger } = createTestLogger();
    const unreachable = createHttpSmsProvider({ url: "http://127.0.0.1:1/", token, timeoutMs: 2000 });
    const sender = createSmsSender({ db: database.db, provider: unreachable, logger });
    await expect(sender.send(sms)).rejects.toThrow("The SMS provider could not be reached.");
  });
});
