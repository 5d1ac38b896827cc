import { setTimeout as sleep } from "node:timers/promises";
import { claimOutbox, enqueueOutbox, notifications, outbox } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createOutboundHttp } from "../http/outbound/createOutboundHttp.ts";
import { createMailer, type Mailer } from "./createMailer.ts";
import { createOutboxWorker } from "./createOutboxWorker.ts";
import { createUserLookup } from "./createUserLookup.ts";
import { createWebhookDeliverer } from "./createWebhookDeliverer.ts";
import { createMessagingSeed } from "./testing/createMessagingSeed.ts";
import { createTestLogger } from "./testing/createTestLogger.ts";

// The claim on outbox events is short and renewed while a worker handles them: a worker killed in
// the middle of a delivery (the fault suite's kill-outbox scenario, bench/src/faults) no longer
// holds its events for five minutes, and a live worker in a slow send never loses them.

const lockMs = 1_000;
const outbound = createOutboundHttp({ target: "webhooks", allowHttp: true, allow: ["loopback"] });
afterAll(() => outbound.close());

describe.each(createTestDatabases())("the outbox worker's claim on $name", ({ open }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());
  beforeEach(() => resetDatabase(database.db));

  /** A worker with the development mailbox, slowed down by `sendDelayMs` per e-mail. */
  function worker(workerId: string, sendDelayMs = 0) {
    const { logger } = createTestLogger();
    const mailbox = createMailer({ db: database.db, from: "Entrada <no-reply@entrada.example>", logger });
    const mailer: Mailer = {
      ...mailbox,
      async send(mail) {
        await sleep(sendDelayMs);
        return mailbox.send(mail);
      },
    };
    const webhooks = createWebhookDeliverer({
      db: database.db,
      fetch: outbound.fetch,
      secretOf: () => "whsec_test",
      logger,
    });
    return createOutboxWorker({
      db: database.db,
      mailer,
      webhooks,
      users: createUserLookup({ db: database.db }),
      logger,
      workerId,
      lockMs,
    });
  }

  async function rejection() {
    const seed = createMessagingSeed(database.db);
    const ana = await seed.user({ email: "ana@example.com", locale: "en" });
    return enqueueOutbox(database.db, {
      topic: "application.state_changed",
      aggregateId: "app",
      payload: {
        applicationId: "3f2a9c1b-7d4e-4a5b-9c8d-0e1f2a3b4c5d",
        userId: ana.id,
        authorityId: "uto-evisa",
        to: "rejected",
        actorRole: "officer",
        reason: "Blurred photo.",
      },
    });
  }

  test("takes over a crashed worker's event once its short claim has run out, and sends it once", async () => {
    const event = await rejection();
    // A worker claims the event and dies before handling it.
    expect(await claimOutbox(database.db, { limit: 10, lockMs, workerId: "crashed" })).toHaveLength(1);
    const survivor = worker("survivor");
    expect(await survivor.processOnce()).toEqual({ claimed: 0, completed: 0, failed: 0 });
    await sleep(lockMs + 200);
    expect(await survivor.processOnce()).toEqual({ claimed: 1, completed: 1, failed: 0 });
    const rows = await database.db.select().from(notifications);
    expect(rows.map((row) => [row.eventId, row.status])).toEqual([[event.id, "sent"]]);
  });

  test("keeps its claim through a send slower than the claim, so no other worker sends it too", async () => {
    await rejection();
    const slow = worker("slow", lockMs * 3);
    const other = worker("other");
    const handling = slow.processOnce();
    for (let waited = 0; waited < lockMs * 2.5; waited += lockMs / 4) {
      await sleep(lockMs / 4);
      expect(await other.processOnce()).toEqual({ claimed: 0, completed: 0, failed: 0 });
    }
    expect(await handling).toEqual({ claimed: 1, completed: 1, failed: 0 });
    expect(await database.db.select().from(notifications)).toHaveLength(1);
    const [row] = await database.db.select().from(outbox);
    expect(row).toMatchObject({ lockedBy: "slow", attempts: 1 });
    expect(row?.processedAt).toBeInstanceOf(Date);
  });
});
