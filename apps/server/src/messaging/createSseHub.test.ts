import { enqueueOutbox, type OutboxMessage } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createEventBus, type EventBus } from "./createEventBus.ts";
import {
  type CanSee,
  createSseHub,
  type SseConnection,
  type SseEvent,
  type SseHub,
  type StreamUser,
} from "./createSseHub.ts";
import { notifyOutbox } from "./notifyOutbox.ts";
import { canSeeOwnEvents } from "./testing/canSeeOwnEvents.ts";
import { createTestLogger } from "./testing/createTestLogger.ts";

const ana: StreamUser = { id: "user-ana", roles: ["traveller"] };
const ben: StreamUser = { id: "user-ben", roles: ["traveller"] };
const officer: StreamUser = { id: "user-officer", roles: ["officer"], authorityId: "uto-evisa" };

/** A connection that records what the hub writes to it. */
function recorder() {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let closed = false;
  const connection: SseConnection = {
    send: (event) => {
      if (closed) throw new Error("closed");
      events.push(event);
    },
    comment: (text) => comments.push(text),
    close: () => {
      closed = true;
    },
  };
  return { connection, events, comments, isClosed: () => closed };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(createTestDatabases())("createSseHub on $name", ({ open }) => {
  let database: TestDatabase;
  let bus: EventBus;
  let hub: SseHub;
  const checks: Array<[string, number]> = [];
  const canSee: CanSee = (user, event) => {
    checks.push([user.id, event.id]);
    return canSeeOwnEvents(user, event);
  };

  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await resetDatabase(database.db);
    checks.length = 0;
    const { logger } = createTestLogger();
    bus = createEventBus({ database, logger });
    hub = createSseHub({ db: database.db, bus, canSee, logger, heartbeatMs: 50, replayLimit: 3 });
  });
  afterEach(async () => {
    await hub.close();
    await bus.close();
  });

  async function publish(payload: Record<string, string>, topic = "application.state_changed"): Promise<OutboxMessage> {
    return database.db.transaction(async (tx) => {
      const event = await enqueueOutbox(tx, { topic, aggregateId: "app", payload });
      await notifyOutbox(tx, [event.id]);
      return event;
    });
  }

  test("pushes each announced event to the streams of the users who may see it", async () => {
    const anaTab1 = recorder();
    const anaTab2 = recorder();
    const benTab = recorder();
    const officerTab = recorder();
    await hub.connect(ana, anaTab1.connection);
    await hub.connect(ana, anaTab2.connection);
    await hub.connect(ben, benTab.connection);
    await hub.connect(officer, officerTab.connection);
    expect(hub.size).toBe(4);

    const event = await publish({ userId: ana.id, authorityId: "uto-evisa", to: "approved" });
    const expected = { id: String(event.id), event: "application.state_changed", data: event.payload };
    await vi.waitFor(() => expect(anaTab1.events).toEqual([expected]), { timeout: 1000 });
    expect(anaTab2.events).toEqual([expected]);
    expect(officerTab.events).toEqual([expected]);
    // The policy is asked once per user, not per stream.
    expect(
      checks
        .filter(([, id]) => id === event.id)
        .map(([user]) => user)
        .sort(),
    ).toEqual([ana.id, ben.id, officer.id].sort());

    const own = await publish({ userId: ben.id, authorityId: "other-evisa" }, "payment.seen");
    await vi.waitFor(() => expect(benTab.events.map((e) => e.id)).toEqual([String(own.id)]));
    expect(anaTab1.events).toHaveLength(1);
    expect(officerTab.events).toHaveLength(1);
  });

  test("replays the events after Last-Event-ID that the user may see, capped, then goes live", async () => {
    const first = await publish({ userId: ana.id });
    await publish({ userId: ben.id });
    const second = await publish({ userId: ana.id });
    const third = await publish({ userId: ana.id });

    const tab = recorder();
    await hub.connect(ana, tab.connection, { lastEventId: String(first.id) });
    expect(tab.events.map((event) => event.id)).toEqual([String(second.id), String(third.id)]);

    const live = await publish({ userId: ana.id });
    await vi.waitFor(() => expect(tab.events.map((event) => event.id)).toContain(String(live.id)));
    expect(tab.events.map((event) => event.id)).toEqual([String(second.id), String(third.id), String(live.id)]);

    // Past the replay limit (3 here), the client is told to resync from where the replay stopped.
    const capped = recorder();
    await hub.connect(ana, capped.connection, { lastEventId: "0" });
    expect(capped.events.map((event) => [event.event, event.id])).toEqual([
      ["application.state_changed", String(first.id)],
      ["application.state_changed", String(second.id)],
      ["application.state_changed", String(third.id)],
      ["resync", String(third.id)],
    ]);
    expect(capped.events.at(-1)?.data).toEqual({ reason: "replay_limit" });

    // A Last-Event-ID that is not an outbox id is ignored: no replay.
    const odd = recorder();
    await hub.connect(ana, odd.connection, { lastEventId: "abc" });
    expect(odd.events).toEqual([]);
  });

  test("an event arriving during the replay is sent once, after it", async () => {
    const first = await publish({ userId: ana.id });
    const tab = recorder();
    // The hub sees the next event twice, live and in the replay: it must send it once.
    let racing: Promise<OutboxMessage> | undefined;
    const slowHub = createSseHub({
      db: database.db,
      bus,
      logger: createTestLogger().logger,
      canSee: async (user, event) => {
        racing ??= publish({ userId: ana.id });
        await pause(20);
        return canSeeOwnEvents(user, event);
      },
    });
    try {
      await slowHub.connect(ana, tab.connection, { lastEventId: String(first.id - 1) });
      const raced = await racing!;
      await vi.waitFor(() => expect(tab.events.map((event) => event.id)).toContain(String(raced.id)));
      await pause(100);
      expect(tab.events.map((event) => event.id)).toEqual([String(first.id), String(raced.id)]);
    } finally {
      await slowHub.close();
    }
  });

  test("an event both replayed and announced live is sent once", async () => {
    // Committed, but its announcement comes late: during the replay that already read it.
    const late = await enqueueOutbox(database.db, {
      topic: "payment.seen",
      aggregateId: "a",
      payload: { userId: ana.id },
    });
    const tab = recorder();
    let dispatched: Promise<void> | undefined;
    const slowHub: SseHub = createSseHub({
      db: database.db,
      bus,
      logger: createTestLogger().logger,
      canSee: async (user, event) => {
        dispatched ??= slowHub.dispatch(late.id);
        await pause(20);
        return canSeeOwnEvents(user, event);
      },
    });
    try {
      await slowHub.connect(ana, tab.connection, { lastEventId: String(late.id - 1) });
      await dispatched;
      expect(tab.events.map((event) => event.id)).toEqual([String(late.id)]);
    } finally {
      await slowHub.close();
    }
  });

  test("sends heartbeats, forgets closed streams, and caps the streams of one user", async () => {
    const tab = recorder();
    const disconnect = await hub.connect(ana, tab.connection);
    await vi.waitFor(() => expect(tab.comments.length).toBeGreaterThanOrEqual(2));
    expect(new Set(tab.comments)).toEqual(new Set(["heartbeat"]));
    disconnect();
    disconnect();
    expect(hub.size).toBe(0);
    expect(tab.isClosed()).toBe(true);
    const heartbeats = tab.comments.length;
    await publish({ userId: ana.id });
    await pause(150);
    expect(tab.events).toEqual([]);
    expect(tab.comments.length).toBeLessThanOrEqual(heartbeats + 1);

    const { logger } = createTestLogger();
    const cappedHub = createSseHub({ db: database.db, bus, canSee, logger, maxStreamsPerUser: 2 });
    const singleHub = createSseHub({ db: database.db, bus, canSee, logger, maxStreamsPerUser: 1 });
    try {
      const tabs = [recorder(), recorder(), recorder()];
      for (const each of tabs) await cappedHub.connect(ana, each.connection);
      expect(tabs.map((each) => each.isClosed())).toEqual([true, false, false]);
      expect(cappedHub.size).toBe(2);
      // With one stream allowed, the newest replaces the old one and still gets events.
      const [old, latest] = [recorder(), recorder()];
      await singleHub.connect(ana, old.connection);
      await singleHub.connect(ana, latest.connection);
      expect([old.isClosed(), latest.isClosed(), singleHub.size]).toEqual([true, false, 1]);
      const event = await publish({ userId: ana.id });
      await vi.waitFor(() => expect(latest.events.map((each) => each.id)).toEqual([String(event.id)]));
    } finally {
      await cappedHub.close();
      await singleHub.close();
    }
  });

  test("a stream whose writes fail is dropped; a failing policy withholds the event", async () => {
    const broken = recorder();
    await hub.connect(ana, broken.connection);
    broken.connection.close();
    await publish({ userId: ana.id });
    await vi.waitFor(() => expect(hub.size).toBe(0));

    const { logger, lines } = createTestLogger();
    const strictHub = createSseHub({
      db: database.db,
      bus,
      logger,
      canSee: () => {
        throw new Error("policy bug");
      },
    });
    try {
      const tab = recorder();
      await strictHub.connect(ana, tab.connection);
      const event = await publish({ userId: ana.id });
      await vi.waitFor(() => expect(lines.map((line) => line.msg)).toContain("canSee failed; event withheld"));
      expect(tab.events).toEqual([]);
      expect(lines.find((line) => line.msg === "canSee failed; event withheld")).toMatchObject({ outboxId: event.id });
    } finally {
      await strictHub.close();
    }
  });

  test("close() closes every stream and refuses new ones", async () => {
    const tab = recorder();
    await hub.connect(ana, tab.connection);
    await hub.close();
    expect(tab.isClosed()).toBe(true);
    await expect(hub.connect(ana, recorder().connection)).rejects.toThrow("closed");
  });
});

describe.runIf(createTestDatabases().some((factory) => factory.name === "postgres"))(
  "createSseHub on PostgreSQL",
  () => {
    test("catches up from the outbox after the bus lost its connection", async () => {
      const postgres = createTestDatabases().find((factory) => factory.name === "postgres")!;
      const database = await postgres.open();
      const { logger, lines } = createTestLogger();
      const bus = createEventBus({ database, logger });
      const hub = createSseHub({ db: database.db, bus, canSee: canSeeOwnEvents, logger });
      try {
        const tab = recorder();
        await hub.connect(ana, tab.connection);
        // Committed but never announced, as if its notification went out while the bus was down.
        const missed = await enqueueOutbox(database.db, {
          topic: "payment.seen",
          aggregateId: "a",
          payload: { userId: ana.id },
        });
        await database.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'LISTEN entrada_outbox'`,
        );
        await vi.waitFor(() => expect(tab.events.map((event) => event.id)).toEqual([String(missed.id)]), {
          timeout: 10_000,
        });
        expect(lines.map((line) => line.msg)).toContain("SSE hub catching up after the bus reconnected");
      } finally {
        await hub.close();
        await bus.close();
        await database.close();
      }
    });
  },
);
