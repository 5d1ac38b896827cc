import type { EntradaDatabase, Unlisten } from "@entrada/db";
import type { Logger } from "pino";
import { notifyOutbox, outboxChannel } from "./notifyOutbox.ts";

export type CreateEventBusParameters = {
  /** The database as `createDatabase` opened it: its `db` sends, its `listen` receives. */
  database: Pick<EntradaDatabase, "db" | "listen">;
  logger: Logger;
};

/** Called with the id of an outbox row some process announced. */
export type OutboxListener = (id: number) => void;

export type SubscribeOptions = {
  /**
   * Called when the bus's connection was lost and is back: ids announced meanwhile were missed, so
   * read the outbox past the last id seen.
   */
  onReconnect?: (() => void) | undefined;
};

export type EventBus = {
  /** {@link notifyOutbox} on the bus's database, for writers that committed already. */
  notify(ids: readonly number[]): Promise<void>;
  /**
   * Calls `listener` with every outbox id announced by any process sharing the database, from when the
   * returned promise resolves. Resolves to the function that unsubscribes.
   */
  subscribe(listener: OutboxListener, options?: SubscribeOptions): Promise<() => void>;
  /** Stops listening; later subscriptions fail. */
  close(): Promise<void>;
};

/**
 * The cross-process bus of outbox events: writers announce the ids of rows they committed
 * (`NOTIFY entrada_outbox`), and every server process hears them (`LISTEN`). One `LISTEN` serves all
 * the subscribers of a process; on PostgreSQL it holds a connection of its own that reconnects with
 * backoff (see `EntradaDatabase.listen`), on PGlite it is PGlite's own `listen`.
 *
 * Only ids travel: subscribers load the rows, so a notification is never larger than PostgreSQL's
 * 8000-byte limit and carries nothing personal.
 *
 * @example
 * const bus = createEventBus({ database, logger });
 * const unsubscribe = await bus.subscribe((id) => hub.dispatch(id));
 * await bus.notify([event.id]);
 * unsubscribe();
 * await bus.close();
 */
export function createEventBus(parameters: CreateEventBusParameters): EventBus {
  const { database, logger } = parameters;
  const listeners = new Map<OutboxListener, SubscribeOptions>();
  let listening: Promise<Unlisten> | undefined;
  let closed = false;

  function onNotification(payload: string): void {
    const id = Number(payload);
    if (!/^[1-9][0-9]*$/.test(payload) || !Number.isSafeInteger(id)) {
      logger.warn(
        { channel: outboxChannel, length: payload.length },
        "ignored a notification that is not an outbox id",
      );
      return;
    }
    for (const listener of listeners.keys()) {
      try {
        listener(id);
      } catch (error) {
        logger.error({ err: error, outboxId: id }, "outbox listener failed");
      }
    }
  }

  function onReconnect(): void {
    for (const options of listeners.values()) {
      try {
        options.onReconnect?.();
      } catch (error) {
        logger.error({ err: error }, "outbox reconnect listener failed");
      }
    }
  }

  return {
    notify: (ids) => notifyOutbox(database.db, ids),

    async subscribe(listener, options = {}) {
      if (closed) throw new Error("The event bus is closed.");
      listeners.set(listener, options);
      listening ??= database.listen({ channel: outboxChannel, onNotification, onReconnect });
      try {
        await listening;
      } catch (error) {
        // Let the next subscriber try again rather than inherit a failed connection for ever.
        listening = undefined;
        listeners.delete(listener);
        throw error;
      }
      return () => {
        listeners.delete(listener);
      };
    },

    async close() {
      closed = true;
      listeners.clear();
      const unlisten = await listening?.catch(() => undefined);
      listening = undefined;
      await unlisten?.();
    },
  };
}
