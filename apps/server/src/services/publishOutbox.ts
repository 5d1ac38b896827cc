import { type EnqueueOutboxParameters, type Executor, enqueueOutbox, type OutboxMessage } from "@entrada/db";
import { sql } from "drizzle-orm";

/** The channel SSE hubs LISTEN on; the payload is the outbox row's id. */
export const outboxChannel = "entrada_outbox";

/**
 * Topics of the outbox events the server writes (docs/architecture.md, "Seams"). Payloads carry
 * `applicationId`, `userId`, `organisationId` and `authorityId`, so that who may see an event is
 * decided from the event alone (`canSeeEvent`). `application.claim_available` tells the payer how to
 * claim an expired escrow back. `identity.review_decided` (`verificationId, userId, decision, at`)
 * tells a traveller that a KYC reviewer decided their flagged check; it names no application, and
 * only that traveller sees it. `evisa.revoked` (`reason`, `at`) tells the traveller and the authority
 * that an officer revoked the application's e-visa.
 */
export const outboxTopics = {
  stateChanged: "application.state_changed",
  claimAvailable: "application.claim_available",
  paymentConfirmed: "payment.confirmed",
  paymentReorged: "payment.reorged",
  reviewDecided: "identity.review_decided",
  evisaRevoked: "evisa.revoked",
} as const;

/**
 * Enqueues a domain event in the outbox and notifies the SSE hubs, in the caller's transaction:
 * PostgreSQL (and PGlite) deliver a `NOTIFY` only when the transaction commits, so listeners never
 * hear of an event that was rolled back, and always hear of one that was not.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.update(applications).set({ state: "paid" }).where(eq(applications.id, id));
 *   await publishOutbox(tx, { topic: outboxTopics.stateChanged, aggregateId: id, payload });
 * });
 */
export async function publishOutbox(tx: Executor, parameters: EnqueueOutboxParameters): Promise<OutboxMessage> {
  const message = await enqueueOutbox(tx, parameters);
  await tx.execute(sql`select pg_notify(${outboxChannel}, ${String(message.id)})`);
  return message;
}
