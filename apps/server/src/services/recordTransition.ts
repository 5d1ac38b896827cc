import {
  type ActorRole,
  type ApplicationEvent,
  type ApplicationState,
  type TransitionErrorType,
  transition,
} from "@entrada/core";
import {
  applicationEvents,
  applications,
  type Executor,
  type Json,
  type Role,
  type systemActorRoles,
} from "@entrada/db";
import { and, eq, sql } from "drizzle-orm";
import type { Hex } from "viem";
import { ConcurrentUpdateError } from "../errors/application.ts";
import { outboxTopics, publishOutbox } from "./publishOutbox.ts";

/** A row of `applications`. */
export type ApplicationRow = typeof applications.$inferSelect;

/** The role written to the audit trail: a person's role, or which machine acted. */
export type AuditRole = Role | (typeof systemActorRoles)[number];

/** Who causes a transition: their role for the state machine, and for the audit trail. */
export type Actor = {
  /** The state machine's role (core's `transition()` checks it). */
  role: ActorRole;
  /** What the audit trail records: `api_key` for a system's key, `indexer` for the chain. */
  auditRole: AuditRole;
  /** User id, API key id, or `null` for machines. */
  id: string | null;
};

/** Parameters of {@link recordTransition}. */
export type RecordTransitionParameters = {
  /** The application as read in this transaction (ideally `for update`). */
  application: ApplicationRow;
  event: ApplicationEvent;
  actor: Actor;
  reason?: string | undefined;
  /** The chain transaction that caused it, for indexer transitions. */
  txHash?: Hex | undefined;
  /** The chain of `txHash`: with several chains served a hash alone does not say where to look. */
  chainId?: number | undefined;
  at: Date;
  /** Other columns to set with the state (the decision deadline on payment). */
  set?: Partial<Pick<ApplicationRow, "decisionDeadline">> | undefined;
};

/**
 * Moves an application through core's state machine and records it, all in the caller's transaction:
 * the new state (guarded by `state_version`, so a concurrent writer gets ENTRADA_CONCURRENT_UPDATE),
 * the audit entry (who, when, why) and the `application.state_changed` outbox event.
 *
 * @example
 * await db.transaction((tx) => recordTransition(tx, { application, event: "submit", actor, at: new Date() }));
 */
export async function recordTransition(tx: Executor, parameters: RecordTransitionParameters): Promise<ApplicationRow> {
  const { application, event, actor, reason, txHash, chainId, at, set } = parameters;
  const to = transition(application.state, event, actor.role, { reason });
  return writeStateChange(tx, {
    application,
    to,
    event,
    auditRole: actor.auditRole,
    actorId: actor.id,
    reason,
    txHash,
    chainId,
    at,
    set,
  });
}

/** Errors {@link recordTransition} throws besides database errors. */
export type RecordTransitionErrorType = TransitionErrorType | ConcurrentUpdateError;

/**
 * Writes a state change that core already allowed, or a compensating one (a reorg rollback, which is
 * not a domain event): the state, the audit entry and the outbox event.
 */
export async function writeStateChange(
  tx: Executor,
  parameters: {
    application: ApplicationRow;
    to: ApplicationState;
    event: string;
    auditRole: AuditRole;
    actorId: string | null;
    reason?: string | undefined;
    txHash?: Hex | undefined;
    chainId?: number | undefined;
    at: Date;
    set?: Partial<Pick<ApplicationRow, "decisionDeadline">> | undefined;
  },
): Promise<ApplicationRow> {
  const { application, to, event, auditRole, actorId, reason, txHash, chainId, at, set } = parameters;
  const [updated] = await tx
    .update(applications)
    .set({ ...set, state: to, stateVersion: sql`${applications.stateVersion} + 1` })
    .where(and(eq(applications.id, application.id), eq(applications.stateVersion, application.stateVersion)))
    .returning();
  if (updated === undefined) throw new ConcurrentUpdateError({ applicationId: application.id });
  await tx.insert(applicationEvents).values({
    applicationId: application.id,
    fromState: application.state,
    toState: to,
    event,
    actorId,
    actorRole: auditRole,
    reason: reason ?? null,
    txHash: txHash ?? null,
    at,
  });
  const payload: { [key: string]: Json } = {
    applicationId: application.id,
    userId: application.userId,
    organisationId: application.organisationId,
    authorityId: application.authorityId,
    from: application.state,
    to,
    event,
    actorRole: auditRole,
    at: at.toISOString(),
  };
  if (reason !== undefined) payload.reason = reason;
  if (txHash !== undefined) payload.txHash = txHash;
  if (chainId !== undefined) payload.chainId = chainId;
  await publishOutbox(tx, { topic: outboxTopics.stateChanged, aggregateId: application.id, payload });
  return updated;
}
