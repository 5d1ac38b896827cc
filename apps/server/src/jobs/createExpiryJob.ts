import { type ApplicationState, applicationTransitions } from "@entrada/core";
import { applications, type Database, quotes, settlementJobs } from "@entrada/db";
import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import { type Deployments, deploymentOn } from "../chain/ChainServices.ts";
import { systemActor } from "../services/actors.ts";
import { lockApplication } from "../services/applicationAccess.ts";
import { outboxTopics, publishOutbox } from "../services/publishOutbox.ts";
import { recordTransition } from "../services/recordTransition.ts";
import { enqueueSettlement, settlementCalldata } from "./enqueueSettlement.ts";

/** Parameters of {@link createExpiryJob}. */
export type CreateExpiryJobParameters = {
  db: Database;
  /** The escrow of each chain served: a claim is sent on the chain of the application's paid quote. */
  deployment: Deployments;
  clock: () => Date;
  /**
   * Whether Entrada claims for the payer: each expiry then records a `claim` settlement job
   * (`claimExpired`, which anyone may send and which only ever pays the payer) in its transaction, and
   * the settlement worker sends it through the payment relayer, so the payer need not do anything or
   * pay gas. Default false: the payer is told how to claim.
   */
  claimByRelayer?: boolean | undefined;
  /** Most applications handled per run (default 100); the next run takes the rest. */
  batchSize?: number | undefined;
  /**
   * How long past the deadline an `approved` application waits before it is expired (default 1 h).
   * Its `release` may have been mined before the deadline and not be indexed yet: expiring it at once
   * would tell the payer to claim money the authority already received.
   */
  approvedGraceSeconds?: number | undefined;
};

/** What one run of the job did. */
export type ExpireOverdueReturnType = {
  /** Ids of the applications moved to `expired`. */
  expired: string[];
  /** Applications whose claim was recorded as a settlement job, for the settlement worker to send. */
  claims: string[];
};

/** What {@link createExpiryJob} returns. */
export type ExpiryJob = {
  /**
   * Moves every open application whose decision deadline has passed to `expired`, and enqueues the
   * "how to claim" message (`application.claim_available`) with the `claimExpired` call, and (with
   * `claimByRelayer`) the claim's settlement job, all in one transaction per application.
   */
  expireOverdue(): Promise<ExpireOverdueReturnType>;
};

/**
 * The deadline job (docs/architecture.md, "The loop", step 6): past the escrow's decision deadline
 * the authority can no longer be paid and the payer may `claimExpired`. Run it every minute or so;
 * each application changes in its own transaction, and two servers running it at once each skip
 * what the other already moved. An `approved` application waits `approvedGraceSeconds` longer, as
 * its release may be mined but not yet indexed; a release job of it not yet sent (retrying, or
 * blocked: a release after the deadline reverts) is cancelled, as the claim replaces it.
 *
 * @example
 * const job = createExpiryJob({ db, deployment, clock, claimByRelayer: true });
 * setInterval(() => job.expireOverdue(), 60_000);
 */
export function createExpiryJob({
  db,
  deployment: deployments,
  clock,
  claimByRelayer = false,
  batchSize = 100,
  approvedGraceSeconds = 3600,
}: CreateExpiryJobParameters): ExpiryJob {
  const openStates: readonly string[] = applicationTransitions.expire.from;
  const undecided = openStates.filter((state) => state !== "approved") as ApplicationState[];
  /** Whether the application is due at `now` (see `approvedGraceSeconds`). */
  const isDue = (state: string, deadline: Date, now: Date) =>
    openStates.includes(state) &&
    deadline.getTime() < now.getTime() - (state === "approved" ? approvedGraceSeconds * 1000 : 0);

  return {
    async expireOverdue() {
      const now = clock();
      // The escrow allows a claim only once `block.timestamp > decisionDeadline`.
      const due = await db
        .select({ id: applications.id })
        .from(applications)
        .where(
          or(
            and(inArray(applications.state, undecided), lt(applications.decisionDeadline, now)),
            and(
              eq(applications.state, "approved"),
              lt(applications.decisionDeadline, new Date(now.getTime() - approvedGraceSeconds * 1000)),
            ),
          ),
        )
        .orderBy(asc(applications.decisionDeadline))
        .limit(batchSize);
      const result: ExpireOverdueReturnType = { expired: [], claims: [] };
      for (const { id } of due) {
        const expired = await db.transaction(async (tx) => {
          const application = await lockApplication(tx, id);
          const deadline = application.decisionDeadline;
          if (deadline === null || !isDue(application.state, deadline, now)) return undefined;
          const [quote] = await tx
            .select()
            .from(quotes)
            .where(and(eq(quotes.applicationId, id), eq(quotes.status, "paid")))
            .orderBy(desc(quotes.createdAt))
            .limit(1);
          await recordTransition(tx, {
            application,
            event: "expire",
            actor: systemActor,
            reason: "The authority did not decide by the deadline; the fee can be claimed back in full.",
            at: now,
          });
          // The claim is sent on the chain the application was paid on.
          const onChain = quote === undefined ? undefined : deploymentOn(deployments, quote.chainId);
          const call =
            quote === undefined || onChain === undefined
              ? undefined
              : { to: onChain.escrow, data: settlementCalldata("claim", quote) };
          // The claim replaces a release that was not sent (retrying, or blocked past the deadline).
          await tx
            .update(settlementJobs)
            .set({
              status: "cancelled",
              nextAttemptAt: null,
              lockedBy: null,
              lockedUntil: null,
              lastErrorMessage: "The application expired before its release was sent; the payer claims the fee back.",
              finishedAt: now,
            })
            .where(
              and(
                eq(settlementJobs.applicationId, id),
                eq(settlementJobs.kind, "release"),
                inArray(settlementJobs.status, ["queued", "blocked"]),
              ),
            );
          const claimed = claimByRelayer && quote !== undefined;
          if (claimed && onChain !== undefined) {
            await enqueueSettlement(tx, { applicationId: id, quote, kind: "claim", deployment: onChain, at: now });
          }
          await publishOutbox(tx, {
            topic: outboxTopics.claimAvailable,
            aggregateId: id,
            payload: {
              applicationId: id,
              userId: application.userId,
              organisationId: application.organisationId,
              authorityId: application.authorityId,
              chainId: quote?.chainId ?? (typeof deployments === "function" ? null : deployments.chainId),
              decisionDeadline: deadline.toISOString(),
              payer: quote?.payer ?? null,
              amount: quote?.total.toString() ?? null,
              claim: call === undefined ? null : { to: call.to, data: call.data },
              claimedByRelayer: claimed,
            },
          });
          return { claimed };
        });
        if (expired === undefined) continue;
        result.expired.push(id);
        if (expired.claimed) result.claims.push(id);
      }
      return result;
    },
  };
}
