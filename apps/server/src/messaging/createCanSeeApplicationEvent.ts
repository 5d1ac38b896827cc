import type { ApplicationState } from "@entrada/core";
import { applications, type Database, type OutboxMessage } from "@entrada/db";
import { eq } from "drizzle-orm";
import type { CanSee, StreamUser } from "./createSseHub.ts";
import { readPayloadString } from "./readPayloadString.ts";

/** What the policy needs to know of an application to decide who may read it. */
export type ApplicationAccess = {
  readonly userId: string;
  readonly organisationId: string | null;
  readonly authorityId: string;
  readonly state: ApplicationState;
};

export type CreateCanSeeApplicationEventParameters<User extends StreamUser> = {
  db: Database;
  /** The policy's rule for reading an application, e.g. `(user, application) => can(user, "application.read", application)`. */
  canRead: (user: User, application: ApplicationAccess) => boolean;
  /** Events whose application is kept, newest first (default 1000). */
  cacheSize?: number | undefined;
};

const uuidPattern = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/**
 * The SSE hub's `canSee` from the authorization policy: a user may see an event about an application
 * when they may read that application now (its owner, its organisation's admin, its authority's
 * officers from payment on, support). Events naming no application are seen by nobody.
 *
 * The hub asks once per event and connected user; the application is loaded once per event and
 * kept for the next users.
 *
 * @example
 * const canSee = createCanSeeApplicationEvent({ db, canRead: (user, application) => can(user, "application.read", application) });
 * const hub = createSseHub({ db, bus, canSee, logger });
 */
export function createCanSeeApplicationEvent<User extends StreamUser>(
  parameters: CreateCanSeeApplicationEventParameters<User>,
): CanSee<User> {
  const { db, canRead, cacheSize = 1000 } = parameters;
  const cache = new Map<number, Promise<ApplicationAccess | undefined>>();

  function applicationOf(event: OutboxMessage): Promise<ApplicationAccess | undefined> {
    let found = cache.get(event.id);
    if (!found) {
      const id = readPayloadString(event.payload, "applicationId");
      found =
        id === undefined || !uuidPattern.test(id)
          ? Promise.resolve(undefined)
          : db
              .select({
                userId: applications.userId,
                organisationId: applications.organisationId,
                authorityId: applications.authorityId,
                state: applications.state,
              })
              .from(applications)
              .where(eq(applications.id, id))
              .then(([row]) => row);
      // A failed load is not kept: the next user asks again.
      found.catch(() => cache.delete(event.id));
      cache.set(event.id, found);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    }
    return found;
  }

  return async (user, event) => {
    const application = await applicationOf(event);
    return application !== undefined && canRead(user, application);
  };
}
