import { notifications } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp } from "../testing/createTestApp.ts";

describe.each(createTestDatabases())("the development mailbox route on $name", ({ open }) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  test("lists the kept messages newest first, in development on the local chain", async () => {
    const { app } = await createTestApp({ db: database.db, env: { NODE_ENV: "development" } });
    await database.db.insert(notifications).values([
      {
        channel: "email",
        locale: "zh",
        template: "application.paid",
        to: "ana@example.org",
        subject: "付款已确认",
        body: "您的付款已确认。",
        createdAt: new Date("2026-01-01T10:00:00Z"),
      },
      {
        channel: "email",
        locale: "en",
        template: "application.issued",
        to: "ana@example.org",
        subject: "Your visa is issued",
        body: "Issued.",
        createdAt: new Date("2026-01-01T11:00:00Z"),
      },
    ]);
    const response = await app.inject({ method: "GET", url: "/api/v1/dev/mailbox" });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { subject: string; locale: string; createdAt: string }[];
    expect(items.map(({ subject, locale, createdAt }) => ({ subject, locale, createdAt }))).toEqual([
      { subject: "Your visa is issued", locale: "en", createdAt: "2026-01-01T11:00:00.000Z" },
      { subject: "付款已确认", locale: "zh", createdAt: "2026-01-01T10:00:00.000Z" },
    ]);
    await app.close();
  });

  test("does not exist outside development: the messages hold users' addresses", async () => {
    const { app } = await createTestApp({ db: database.db, env: { NODE_ENV: "test" } });
    const response = await app.inject({ method: "GET", url: "/api/v1/dev/mailbox" });
    expect(response.statusCode).toBe(404);
    await app.close();
  });
});
