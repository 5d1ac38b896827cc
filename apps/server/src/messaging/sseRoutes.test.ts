import { enqueueOutbox, type Json, type OutboxMessage } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createEventBus, type EventBus } from "./createEventBus.ts";
import { createSseHub, type SseHub, type StreamUser } from "./createSseHub.ts";
import { notifyOutbox } from "./notifyOutbox.ts";
import { eventStreamPath, sseRoutes } from "./sseRoutes.ts";
import { canSeeOwnEvents } from "./testing/canSeeOwnEvents.ts";
import { createTestLogger } from "./testing/createTestLogger.ts";
import { type EventStream, openEventStream } from "./testing/openEventStream.ts";

/** Like the app's `Principal`: more than the hub needs, all of which must reach `canSee`. */
type TestUser = StreamUser & { via: "session" };

const users: Record<string, TestUser> = {
  ana: { id: "0b6f7f5e-0000-4000-8000-00000000a0a0", roles: ["traveller"], via: "session" },
  ben: { id: "0b6f7f5e-0000-4000-8000-00000000b0b0", roles: ["traveller"], via: "session" },
};

describe.each(createTestDatabases())("sseRoutes on $name", ({ open }) => {
  let database: TestDatabase;
  let bus: EventBus;
  let hub: SseHub<TestUser>;
  const asked: TestUser[] = [];
  let app: FastifyInstance;
  let base: string;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await resetDatabase(database.db);
    const { logger } = createTestLogger();
    bus = createEventBus({ database, logger });
    const canSee = (user: TestUser, event: OutboxMessage) => {
      asked.push(user);
      return canSeeOwnEvents(user, event);
    };
    hub = createSseHub({ db: database.db, bus, canSee, logger, heartbeatMs: 200 });
    app = Fastify();
    // Stands in for the auth plugin: the test names the user in a header.
    app.decorateRequest("user", null);
    app.addHook("onRequest", async (request) => {
      const name = request.headers["x-test-user"];
      (request as unknown as { user: TestUser | null }).user = (typeof name === "string" && users[name]) || null;
    });
    await app.register(sseRoutes, { hub });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    // fetch keeps idle sockets open for a few seconds, and the server would wait for them.
    app.server.closeAllConnections();
    await app.close();
    await hub.close();
    await bus.close();
  });

  async function follow(user: keyof typeof users, headers: Record<string, string> = {}) {
    const stream = await openEventStream(`${base}${eventStreamPath}`, { "x-test-user": user, ...headers });
    streams.push(stream);
    return stream;
  }

  /** Enqueues an event in a transaction and announces it at commit, as the services do. */
  async function publish(topic: string, payload: Json) {
    return database.db.transaction(async (tx) => {
      const event = await enqueueOutbox(tx, { topic, aggregateId: "app", payload });
      await notifyOutbox(tx, [event.id]);
      return event;
    });
  }

  test("refuses anonymous clients with 401 ENTRADA_UNAUTHENTICATED", async () => {
    const response = await fetch(`${base}${eventStreamPath}`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: "ENTRADA_UNAUTHENTICATED",
        message: "Sign in, or send an API key.",
        details: { reason: "missing" },
      },
    });
  });

  test("an enqueued and announced event reaches its user's stream within a second, not another's", async () => {
    const ana = await follow("ana");
    const ben = await follow("ben");
    expect(ana.status).toBe(200);
    expect(ana.headers.get("content-type")).toBe("text/event-stream");
    expect(ana.headers.get("cache-control")).toBe("no-cache");
    await vi.waitFor(() => expect(hub.size).toBe(2));

    const started = Date.now();
    const forAna = await publish("application.state_changed", {
      userId: users.ana!.id,
      from: "paid",
      to: "under_review",
    });
    const received = await ana.next(1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(received).toEqual({
      id: String(forAna.id),
      event: "application.state_changed",
      data: JSON.stringify(forAna.payload),
    });

    // Ben's first event is his own: Ana's never reached him.
    const forBen = await publish("payment.seen", { userId: users.ben!.id, txHash: `0x${"ab".repeat(32)}` });
    expect(await ben.next(1000)).toMatchObject({ id: String(forBen.id), event: "payment.seen" });
    expect(ben.received.filter((event) => event.id !== undefined).map((event) => event.id)).toEqual([
      String(forBen.id),
    ]);
    await expect(ana.next(300)).rejects.toThrow("no event");
    // The policy got the request's user object itself, with every field.
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((user) => Object.values(users).includes(user))).toBe(true);
  });

  test("a reconnect with Last-Event-ID replays the missed events", async () => {
    const first = await follow("ana");
    await vi.waitFor(() => expect(hub.size).toBe(1));
    const seen = await publish("payment.seen", { userId: users.ana!.id });
    expect((await first.next()).id).toBe(String(seen.id));
    first.close();
    await vi.waitFor(() => expect(hub.size).toBe(0));

    const missed = [
      await publish("payment.confirmed", { userId: users.ana!.id }),
      await publish("payment.confirmed", { userId: users.ben!.id }),
      await publish("application.state_changed", { userId: users.ana!.id, to: "under_review" }),
    ];
    const again = await follow("ana", { "last-event-id": String(seen.id) });
    expect([(await again.next()).id, (await again.next()).id]).toEqual([String(missed[0]!.id), String(missed[2]!.id)]);
    const live = await publish("application.state_changed", { userId: users.ana!.id, to: "approved" });
    expect(await again.next()).toMatchObject({ id: String(live.id), event: "application.state_changed" });
  });

  test("sends heartbeat comments and forgets a stream when the client goes", async () => {
    const stream = await follow("ana");
    await vi.waitFor(
      () => expect(stream.received.filter((event) => event.comment === "heartbeat").length).toBeGreaterThan(0),
      {
        timeout: 2000,
      },
    );
    expect(hub.size).toBe(1);
    stream.close();
    await vi.waitFor(() => expect(hub.size).toBe(0));
  });

  test("a stream the hub cannot start ends at once, for the client to retry", async () => {
    await hub.close();
    const response = await fetch(`${base}${eventStreamPath}`, { headers: { "x-test-user": "ana" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  test("app.close() ends open streams rather than waiting for them", async () => {
    await follow("ana");
    await vi.waitFor(() => expect(hub.size).toBe(1));
    await app.close();
    expect(hub.size).toBe(0);
  });
});
