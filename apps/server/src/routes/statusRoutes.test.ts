import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEventBus, type EventBus } from "../messaging/createEventBus.ts";
import { createStatusCache, type StatusCache } from "../services/createStatusCache.ts";
import { createDraft } from "../testing/applicationSteps.ts";
import { createTestApp } from "../testing/createTestApp.ts";
import { signIn, type TestUser } from "../testing/signIn.ts";
import { statusRoutes } from "./statusRoutes.ts";

const until = async (check: () => Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe.each(createTestDatabases())("status route on $name", ({ open }) => {
  let database: TestDatabase;
  let bus: EventBus;
  let statuses: StatusCache;
  let app: FastifyInstance;
  let ana: TestUser;
  let ben: TestUser;

  beforeAll(async () => {
    database = await open();
    bus = createEventBus({ database, logger: pino({ level: "silent" }) });
    statuses = await createStatusCache({ db: database.db, bus });
    app = (await createTestApp({ db: database.db, plugins: [statusRoutes({ statuses })] })).app;
    ana = await signIn(app);
    ben = await signIn(app);
  });
  afterAll(async () => {
    await app.close();
    await statuses.close();
    await bus.close();
    await database.close();
  });

  const status = (user: TestUser | undefined, id: string) =>
    app.inject({ method: "GET", url: `/api/v1/applications/${id}/status`, headers: user?.headers ?? {} });

  test("answers the owner with the state, and follows every change made through the API", async () => {
    const draft = await createDraft(app, ana);
    const first = await status(ana, draft.id);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id: draft.id, state: "draft" });
    const version = first.json().stateVersion as number;

    const submitted = await app.inject({
      method: "POST",
      url: `/api/v1/applications/${draft.id}/submit`,
      headers: ana.headers,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    // The cached entry is dropped when the change's outbox event is announced after commit.
    await until(async () => (await status(ana, draft.id)).json().state === "submitted");
    expect((await status(ana, draft.id)).json().stateVersion).toBeGreaterThan(version);
  });

  test("is 404 for another user's application, a missing one and a malformed id; 401 without a session", async () => {
    const draft = await createDraft(app, ana);
    for (const [user, id] of [
      [ben, draft.id],
      [ana, "00000000-0000-4000-8000-000000000000"],
    ] as const) {
      const response = await status(user, id);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("ENTRADA_NOT_FOUND");
    }
    expect((await status(ana, "not-a-uuid")).statusCode).toBe(400);
    expect((await status(undefined, draft.id)).statusCode).toBe(401);
  });
});
