import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase, notifications } from "@entrada/db";
import { createTestDatabases, startCuttableProxy, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deliverNotification } from "./deliverNotification.ts";

// A PostgreSQL restart right after the SMTP server accepted an e-mail used to leave its notification
// `queued`: the outbox retried the event and the e-mail went out twice (the fault suite's db-down
// scenario, bench/src/faults). The record of a message already sent is now tried again for a while.

const postgres = createTestDatabases().find((factory) => factory.name === "postgres");

describe.runIf(postgres !== undefined)("deliverNotification when the database goes away after the send", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await postgres!.open();
  });
  afterAll(() => database.close());

  test("records the e-mail sent once the database is back, and transmits it once", async () => {
    const proxy = await startCuttableProxy(database.url!);
    const viaProxy = createDatabase({ url: proxy.url });
    try {
      let transmitted = 0;
      const id = await deliverNotification(viaProxy.db, {
        record: { channel: "email", locale: "en", template: "test", to: "ana@example.com", subject: "Hi", body: "Hi" },
        async transmit() {
          transmitted += 1;
          // The SMTP server has it; the database restarts before the worker writes so.
          proxy.cut();
          setTimeout(() => proxy.restore(), 1_500);
          await sleep(10);
        },
      });
      expect(transmitted).toBe(1);
      const rows = await database.db.select().from(notifications);
      expect(rows.map((row) => [row.id, row.status])).toEqual([[id, "sent"]]);
    } finally {
      await viaProxy.close();
      await proxy.close();
    }
  });
});
