import { applications, type Executor } from "@entrada/db";
import { eq } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import { NotFoundError } from "../errors/http.ts";
import { authorizeApplication } from "../policy.ts";
import type { ApplicationRow } from "./recordTransition.ts";

/**
 * An action on one existing application, as `authorizeApplication` of the policy takes it (creating an
 * application is not one: there is nothing to load yet).
 */
export type ApplicationAction = Parameters<typeof authorizeApplication>[1];

/**
 * Reads an application for `principal` and checks that they may take `action` on it, with the
 * policy's answers: 401 when anonymous, 404 when the application does not exist or they may not even
 * see it (so that its existence is not revealed), 403 when they see it but may not act. Not locked:
 * for reads, and for checks before slow work that a locked read repeats (see {@link lockApplicationFor}).
 *
 * @example
 * const application = await loadApplication(db, request.user, id, "application.read");
 */
export async function loadApplication(
  db: Executor,
  principal: Principal | null,
  id: string,
  action: ApplicationAction,
): Promise<ApplicationRow> {
  const [row] = await db.select().from(applications).where(eq(applications.id, id));
  if (row === undefined) throw new NotFoundError({ resource: "application", id });
  authorizeApplication(principal, action, row);
  return row;
}

/**
 * Reads an application inside a transaction, locks it until the transaction ends (so that checks and
 * writes see one state), and checks that `principal` may take `action` on it, with the same answers
 * as {@link loadApplication}. A refusal throws, which rolls the transaction back and frees the lock.
 *
 * @example
 * await db.transaction(async (tx) => { const application = await lockApplicationFor(tx, user, id, "application.cancel"); … })
 */
export async function lockApplicationFor(
  tx: Executor,
  principal: Principal | null,
  id: string,
  action: ApplicationAction,
): Promise<ApplicationRow> {
  const row = await lockApplication(tx, id);
  authorizeApplication(principal, action, row);
  return row;
}

/**
 * Reads and locks an application with no caller to check: for the machines that act on their own
 * (the chain event handler, jobs), or after {@link loadApplication} already checked the caller on the
 * same row. Throws `NotFoundError` when there is none.
 *
 * @example
 * await db.transaction(async (tx) => { const application = await lockApplication(tx, id); … })
 */
export async function lockApplication(tx: Executor, id: string): Promise<ApplicationRow> {
  const [row] = await tx.select().from(applications).where(eq(applications.id, id)).for("update");
  if (row === undefined) throw new NotFoundError({ resource: "application", id });
  return row;
}
