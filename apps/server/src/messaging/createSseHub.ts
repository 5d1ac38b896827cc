import { type Database, type Json, type OutboxMessage, outbox } from "@entrada/db";
import { asc, eq, gt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { EventBus } from "./createEventBus.ts";

/**
 * The least the hub needs of the signed-in user a stream belongs to. The route passes on the object
 * the auth plugin put on `request.user` (a `Principal`) as it is, so `canSee` gets all of it.
 */
export type StreamUser = {
  readonly id: string;
  readonly roles: readonly string[];
  /** The authority an officer acts for. */
  readonly authorityId?: string | undefined;
};

/** One server-sent event: `id:` the outbox id, `event:` its topic, `data:` its payload as JSON. */
export type SseEvent = { id: string; event: string; data: Json };

/** A stream to one browser tab, as the hub sees it (the route adapts a Fastify reply to it). */
export type SseConnection = {
  send(event: SseEvent): void;
  /** Writes an SSE comment (`: text`), which clients ignore: keeps proxies from closing an idle stream. */
  comment(text: string): void;
  /** Ends the stream; the client reconnects with `Last-Event-ID`. */
  close(): void;
};

/** The authorization policy's answer to "may this user see this event?". */
export type CanSee<User extends StreamUser = StreamUser> = (
  user: User,
  event: OutboxMessage,
) => boolean | Promise<boolean>;

export type CreateSseHubParameters<User extends StreamUser = StreamUser> = {
  db: Database;
  bus: EventBus;
  /** The policy (see `createCanSeeApplicationEvent`); asked once per event and user, and for each replayed event. */
  canSee: CanSee<User>;
  logger: Logger;
  /** Interval of heartbeat comments, in ms (default 15 s). */
  heartbeatMs?: number | undefined;
  /** Most events replayed to a reconnecting stream (default 100); past it the client is told to resync. */
  replayLimit?: number | undefined;
  /** Most outbox rows read for one replay, visible or not (default 5000). */
  replayScanLimit?: number | undefined;
  /** Streams one user may hold in this process (default 10); a new one closes the oldest. */
  maxStreamsPerUser?: number | undefined;
};

export type ConnectOptions = {
  /** The `Last-Event-ID` header of a reconnecting client: replay what it missed since. */
  lastEventId?: string | undefined;
};

export type SseHub<User extends StreamUser = StreamUser> = {
  /** Starts listening on the bus and the heartbeat; idempotent, and done by the first `connect`. */
  start(): Promise<void>;
  /** Adds a stream; after its replay (if any), it receives every new event the user may see. Resolves to the function that removes it. */
  connect(user: User, connection: SseConnection, options?: ConnectOptions): Promise<() => void>;
  /** Pushes the outbox row `id` to the streams that may see it; the bus calls this. */
  dispatch(id: number): Promise<void>;
  /** Open streams in this process. */
  readonly size: number;
  /** Stops listening and closes every stream. */
  close(): Promise<void>;
};

/** What a client is sent when its replay was cut short: refetch state rather than trust the stream. */
export const resyncEvent = "resync";

type Stream<User> = {
  user: User;
  connection: SseConnection;
  /** Live events that arrived during the replay, sent after it. */
  pending: OutboxMessage[] | undefined;
  /** Ids the replay sent, so a live copy of the same event is not sent twice. */
  replayed: Set<number>;
};

const replayPageSize = 200;
/** Most rows read when catching up after the bus reconnected. */
const catchUpLimit = 1000;

/**
 * The live half of "Tell" (docs/architecture.md): keeps the SSE streams of this process by user, and
 * for each outbox id announced on the bus loads the row once and pushes it to the streams whose user
 * may see it (`canSee`, the authorization policy). A reconnecting client sends `Last-Event-ID` and is
 * replayed, from the outbox table, the events after it that it may see (at most `replayLimit`). A
 * heartbeat comment every 15 s keeps proxies from closing idle streams. When the bus lost its
 * connection, the hub catches up from the outbox past the last id it saw.
 *
 * Outbox ids are assigned at insert and committed in any order, so an event committed late with a
 * lower id reaches live streams but not a replay that started past it.
 *
 * @example
 * const canSee = createCanSeeApplicationEvent({ db, canRead: (user, application) => can(user, "application.read", application) });
 * const hub = createSseHub({ db, bus, canSee, logger });
 * await app.register(sseRoutes, { hub });
 * // on shutdown
 * await hub.close();
 */
export function createSseHub<User extends StreamUser = StreamUser>(
  parameters: CreateSseHubParameters<User>,
): SseHub<User> {
  const {
    db,
    bus,
    canSee,
    logger,
    heartbeatMs = 15_000,
    replayLimit = 100,
    replayScanLimit = 5000,
    maxStreamsPerUser = 10,
  } = parameters;
  const streamsByUser = new Map<string, Set<Stream<User>>>();
  let size = 0;
  let starting: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;
  /** Highest outbox id the hub handled, from which it catches up after a bus reconnection. */
  let highestSeen = 0;
  /** Dispatches run one after the other, so streams get events in the order they were announced. */
  let queue: Promise<void> = Promise.resolve();

  async function visible(user: User, event: OutboxMessage): Promise<boolean> {
    try {
      return await canSee(user, event);
    } catch (error) {
      logger.error({ err: error, userId: user.id, outboxId: event.id }, "canSee failed; event withheld");
      return false;
    }
  }

  function send(stream: Stream<User>, event: OutboxMessage): void {
    try {
      stream.connection.send({ id: String(event.id), event: event.topic, data: event.payload });
    } catch (error) {
      logger.info({ err: error, userId: stream.user.id }, "SSE write failed; closing the stream");
      remove(stream);
    }
  }

  function isOpen(stream: Stream<User>): boolean {
    return streamsByUser.get(stream.user.id)?.has(stream) ?? false;
  }

  function remove(stream: Stream<User>): void {
    const streams = streamsByUser.get(stream.user.id);
    if (!streams?.delete(stream)) return;
    size -= 1;
    if (streams.size === 0) streamsByUser.delete(stream.user.id);
    try {
      stream.connection.close();
    } catch {
      // Already closed by the client.
    }
  }

  async function deliver(id: number): Promise<void> {
    if (id > highestSeen) highestSeen = id;
    if (size === 0) return;
    const [event] = await db.select().from(outbox).where(eq(outbox.id, id));
    if (!event) return;
    for (const streams of [...streamsByUser.values()]) {
      const [first] = streams;
      if (!first || !(await visible(first.user, event))) continue;
      for (const stream of streams) {
        if (stream.pending) stream.pending.push(event);
        else if (!stream.replayed.has(event.id)) send(stream, event);
      }
    }
  }

  function dispatch(id: number): Promise<void> {
    const next = queue.then(() => deliver(id));
    queue = next.catch((error: unknown) => logger.error({ err: error, outboxId: id }, "SSE dispatch failed"));
    return next;
  }

  /** Announcements lost while the bus was reconnecting: read them from the outbox. */
  async function catchUp(): Promise<void> {
    const from = highestSeen;
    const rows = await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(gt(outbox.id, from))
      .orderBy(asc(outbox.id))
      .limit(catchUpLimit);
    logger.info({ from, events: rows.length }, "SSE hub catching up after the bus reconnected");
    await Promise.all(rows.map((row) => dispatch(row.id)));
  }

  async function replay(stream: Stream<User>, after: number): Promise<void> {
    let cursor = after;
    let scanned = 0;
    for (;;) {
      const limit = Math.min(replayPageSize, replayScanLimit - scanned);
      const rows = await db.select().from(outbox).where(gt(outbox.id, cursor)).orderBy(asc(outbox.id)).limit(limit);
      for (const row of rows) {
        if (!isOpen(stream)) return;
        scanned += 1;
        cursor = row.id;
        if (!(await visible(stream.user, row))) continue;
        send(stream, row);
        stream.replayed.add(row.id);
        if (stream.replayed.size >= replayLimit) return cutShort(stream, cursor);
      }
      if (rows.length < limit) return;
      if (scanned >= replayScanLimit) return cutShort(stream, cursor);
    }
  }

  /**
   * Tells the client its replay stopped at `cursor` while more events may follow: it should refetch
   * its state. The event's id moves its `Last-Event-ID` past what was scanned.
   */
  async function cutShort(stream: Stream<User>, cursor: number): Promise<void> {
    const [more] = await db.select({ id: outbox.id }).from(outbox).where(gt(outbox.id, cursor)).limit(1);
    if (more) stream.connection.send({ id: String(cursor), event: resyncEvent, data: { reason: "replay_limit" } });
  }

  async function start(): Promise<void> {
    starting ??= (async () => {
      const [row] = await db.select({ max: sql<string | null>`max(${outbox.id})` }).from(outbox);
      highestSeen = Math.max(highestSeen, Number(row?.max ?? 0));
      unsubscribe = await bus.subscribe((id) => void dispatch(id).catch(() => {}), {
        onReconnect: () =>
          void catchUp().catch((error: unknown) => logger.error({ err: error }, "SSE catch-up failed")),
      });
      heartbeat = setInterval(() => {
        for (const streams of streamsByUser.values()) {
          for (const stream of streams) {
            try {
              stream.connection.comment("heartbeat");
            } catch {
              remove(stream);
            }
          }
        }
      }, heartbeatMs);
      heartbeat.unref();
    })();
    try {
      await starting;
    } catch (error) {
      starting = undefined;
      throw error;
    }
  }

  return {
    start,
    dispatch,

    async connect(user, connection, options = {}) {
      if (closed) throw new Error("The SSE hub is closed.");
      await start();
      const lastEventId = options.lastEventId?.trim();
      const after = lastEventId && /^[0-9]{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined;
      const stream: Stream<User> = {
        user,
        connection,
        pending: after === undefined ? undefined : [],
        replayed: new Set(),
      };
      const streams = streamsByUser.get(user.id) ?? new Set();
      // Sets iterate in insertion order: the oldest streams come first.
      for (const oldest of streams) {
        if (streams.size < maxStreamsPerUser) break;
        logger.info({ userId: user.id }, "too many SSE streams; closing the oldest");
        remove(oldest);
      }
      streams.add(stream);
      streamsByUser.set(user.id, streams);
      size += 1;
      logger.debug({ userId: user.id, replayFrom: after }, "SSE stream opened");

      if (after !== undefined) {
        try {
          await replay(stream, after);
        } catch (error) {
          logger.error({ err: error, userId: user.id }, "SSE replay failed; closing the stream");
          remove(stream);
          return () => {};
        }
        const pending = stream.pending ?? [];
        stream.pending = undefined;
        for (const event of pending) if (!stream.replayed.has(event.id)) send(stream, event);
      }
      return () => {
        if (isOpen(stream)) logger.debug({ userId: user.id }, "SSE stream closed");
        remove(stream);
      };
    },

    get size() {
      return size;
    },

    async close() {
      closed = true;
      clearInterval(heartbeat);
      unsubscribe?.();
      for (const streams of [...streamsByUser.values()]) for (const stream of [...streams]) remove(stream);
      await queue;
    },
  };
}
