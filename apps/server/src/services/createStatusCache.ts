import type { ApplicationState } from "@entrada/core";
import { applications, type Database, outbox } from "@entrada/db";
import { eq } from "drizzle-orm";
import type { EventBus } from "../messaging/createEventBus.ts";

/** What a polling client needs to know of an application, and who may know it. */
export type ApplicationStatus = {
  id: string;
  state: ApplicationState;
  /** Bumped by every transition: a client compares it to know something changed. */
  stateVersion: number;
  updatedAt: Date;
  userId: string;
  organisationId: string | null;
  authorityId: string;
};

/** What {@link createStatusCache} returns. */
export type StatusCache = {
  /** The status of an application, from memory when fresh; `undefined` when there is none. */
  get(applicationId: string): Promise<ApplicationStatus | undefined>;
  /** Forgets an application (its state changed). */
  invalidate(applicationId: string): void;
  /** Stops following the bus. */
  close(): Promise<void>;
};

/** Parameters of {@link createStatusCache}. */
export type CreateStatusCacheParameters = {
  db: Database;
  /** Outbox notifications of every process: each state change invalidates the application. */
  bus: Pick<EventBus, "subscribe">;
  /** Most applications kept. Default 50,000 (a few MB). */
  maxEntries?: number;
};

const uuidPattern = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/**
 * Application statuses served from memory, for the status endpoint that travellers and authority
 * systems poll. Every state change is written with an outbox event in the same transaction, and every
 * server process hears of it on the bus (NOTIFY after commit), so an entry is dropped as soon as its
 * application changes anywhere. A read that raced with such a change is not cached (a generation
 * counter per application tells), so the cache never serves a state older than the last notification.
 *
 * @example
 * const statuses = await createStatusCache({ db, bus });
 * const status = await statuses.get(applicationId);
 */
export async function createStatusCache(parameters: CreateStatusCacheParameters): Promise<StatusCache> {
  const { db, bus, maxEntries = 50_000 } = parameters;
  const entries = new Map<string, ApplicationStatus>();
  const generations = new Map<string, number>();

  function invalidate(applicationId: string): void {
    entries.delete(applicationId);
    generations.set(applicationId, (generations.get(applicationId) ?? 0) + 1);
    if (generations.size > maxEntries) generations.delete(generations.keys().next().value as string);
  }

  const unsubscribe = await bus.subscribe((id) => {
    void db
      .select({ aggregateId: outbox.aggregateId })
      .from(outbox)
      .where(eq(outbox.id, id))
      .then(([row]) => {
        if (row !== undefined) invalidate(row.aggregateId);
      })
      // Unknown events change nothing; a failed read drops everything rather than risk a stale state.
      .catch(() => entries.clear());
  });

  return {
    async get(applicationId) {
      if (!uuidPattern.test(applicationId)) return undefined;
      const hit = entries.get(applicationId);
      if (hit !== undefined) return hit;
      const generation = generations.get(applicationId) ?? 0;
      const [row] = await db
        .select({
          id: applications.id,
          state: applications.state,
          stateVersion: applications.stateVersion,
          updatedAt: applications.updatedAt,
          userId: applications.userId,
          organisationId: applications.organisationId,
          authorityId: applications.authorityId,
        })
        .from(applications)
        .where(eq(applications.id, applicationId));
      if (row === undefined) return undefined;
      if ((generations.get(applicationId) ?? 0) === generation) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
        entries.set(applicationId, row);
      }
      return row;
    },
    invalidate,
    async close() {
      unsubscribe();
    },
  };
}
