import pg from "pg";
import type { DatabaseLogger } from "./createDatabase.ts";

export type ListenParameters = {
  /** Channel name: lower-case letters, digits and `_` (it is spliced into `LISTEN`). */
  channel: string;
  /** Called with the payload of every `NOTIFY channel, 'payload'`, once per notification. */
  onNotification: (payload: string) => void;
  /**
   * Called after a lost connection was re-established and `LISTEN` issued again. Notifications sent
   * while the connection was down are lost; catch up from the table they point at.
   */
  onReconnect?: (() => void) | undefined;
};

/** Stops listening; resolves once the connection (PostgreSQL) or the `LISTEN` (PGlite) is closed. */
export type Unlisten = () => Promise<void>;

export type ListenPostgresParameters = ListenParameters & {
  url: string;
  logger?: DatabaseLogger | undefined;
  /** Wait before reconnection attempt `attempt` (1, 2, …); default {@link listenBackoffMs}. */
  backoffMs?: ((attempt: number) => number) | undefined;
};

/**
 * Wait before the `attempt`-th reconnection of a listener: 100 ms doubling up to 30 s, with up to 20 %
 * random jitter so that many processes losing one server do not reconnect in lockstep.
 *
 * @example
 * listenBackoffMs(1); // 100…120
 * listenBackoffMs(20); // 30_000…36_000
 */
export function listenBackoffMs(attempt: number): number {
  const base = Math.min(100 * 2 ** Math.max(0, attempt - 1), 30_000);
  return Math.round(base * (1 + Math.random() * 0.2));
}

const channelPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Throws unless `channel` is a plain lower-case identifier: `LISTEN` takes no bind parameter, so the
 * name is spliced into the statement (PGlite's `listen` does the same).
 *
 * @example
 * assertChannel("entrada_outbox"); // ok
 * assertChannel("x; drop table users"); // throws RangeError
 */
export function assertChannel(channel: string): void {
  if (!channelPattern.test(channel)) throw new RangeError(`Not a plain channel name: ${JSON.stringify(channel)}`);
}

/**
 * `LISTEN`s on PostgreSQL over a connection of its own: a pooled connection would drop the `LISTEN`
 * when released. When the connection is lost (server restart, network, `pg_terminate_backend`) it
 * reconnects with backoff, listens again and calls `onReconnect`. The first connection must succeed:
 * a wrong URL fails here rather than retrying forever.
 *
 * @example
 * const unlisten = await listenPostgres({ url, channel: "entrada_outbox", onNotification: console.log });
 * await unlisten();
 */
export async function listenPostgres(parameters: ListenPostgresParameters): Promise<Unlisten> {
  const { url, channel, onNotification, onReconnect, logger, backoffMs = listenBackoffMs } = parameters;
  assertChannel(channel);
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    next.on("notification", (message) => {
      if (message.channel === channel && message.payload !== undefined) onNotification(message.payload);
    });
    // An error or end on the current client means the session, and with it the LISTEN, is gone.
    next.on("error", (error) => lost(next, error));
    next.on("end", () => lost(next, undefined));
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
  }

  function lost(which: pg.Client, error: Error | undefined): void {
    if (closed || which !== client) return;
    client = undefined;
    which.end().catch(() => {});
    logger?.error({ err: error, channel }, "listener connection lost; reconnecting");
    reconnectLater();
  }

  function reconnectLater(): void {
    attempt += 1;
    const delay = backoffMs(attempt);
    timer = setTimeout(async () => {
      timer = undefined;
      try {
        await connect();
      } catch (error) {
        logger?.error({ err: error, channel, attempt }, "listener reconnection failed");
        if (!closed) reconnectLater();
        return;
      }
      if (closed) return;
      logger?.info({ channel, attempts: attempt }, "listener reconnected");
      attempt = 0;
      onReconnect?.();
    }, delay);
  }

  await connect();
  return async () => {
    closed = true;
    clearTimeout(timer);
    const current = client;
    client = undefined;
    await current?.end();
  };
}
