import { type Database, outbox, toCount } from "@entrada/db";
import { and, isNull, lte, sql } from "drizzle-orm";
import type { OutboxWorker } from "../../messaging/createOutboxWorker.ts";
import type { Metrics } from "../createMetrics.ts";
import type { SupervisedLoop } from "../createSupervisor.ts";

/** Parameters of {@link createOutboxLoop}. */
export type CreateOutboxLoopParameters = {
  worker: Pick<OutboxWorker, "processOnce">;
  db: Database;
  /** Wait after a pass that claimed nothing, in ms (the event bus wakes the loop sooner). */
  intervalMs: number;
  metrics: Metrics;
  clock: () => Date;
  /** Called after a pass that handled events: their webhook deliveries are due now. */
  onHandled?: (() => void) | undefined;
};

/**
 * The outbox worker as a supervised loop (`outbox`): each tick claims and handles one batch
 * (`processOnce`, which never throws for one event's failure), and goes on at once while it finds
 * work. Its lag is the backlog, events due and not handled, and the age of the oldest
 * (`backlog`, `oldestAgeSeconds`; also `entrada_outbox_*`), counted over the pending index.
 *
 * @example
 * supervisor.start(createOutboxLoop({ worker, db, intervalMs: 1_000, metrics, clock, onHandled: () => supervisor.wake("webhooks") }));
 */
export function createOutboxLoop(parameters: CreateOutboxLoopParameters): SupervisedLoop {
  const { worker, db, intervalMs, metrics, clock, onHandled } = parameters;
  return {
    name: "outbox",
    intervalMs,
    async tick() {
      const processed = await worker.processOnce();
      if (processed.completed > 0) onHandled?.();
      return { busy: processed.claimed > 0 };
    },
    async measure() {
      const now = clock();
      const [row] = await db
        .select({
          backlog: sql<number>`count(*)`.mapWith(toCount),
          oldest: sql<Date | null>`min(${outbox.availableAt})`.mapWith(outbox.availableAt),
        })
        .from(outbox)
        .where(and(isNull(outbox.processedAt), isNull(outbox.failedAt), lte(outbox.availableAt, now)));
      const backlog = row?.backlog ?? 0;
      const oldest = row?.oldest ?? null;
      const oldestAgeSeconds = oldest === null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000);
      metrics.setOutbox({ backlog, oldestAgeSeconds });
      return { backlog, oldestAgeSeconds };
    },
  };
}
