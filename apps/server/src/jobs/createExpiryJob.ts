import { VisaFeeEscrow } from "@entrada/contracts";
import { type ApplicationState, applicationTransitions } from "@entrada/core";
import { applications, type Database, quotes } from "@entrada/db";
import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import { encodeFunctionData } from "viem";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import type { Relayer } from "../chain/Relayer.ts";
import { systemActor } from "../services/actors.ts";
import { lockApplication } from "../services/createApplicationService.ts";
import { outboxTopics, publishOutbox } from "../services/publishOutbox.ts";
import { recordTransition } from "../services/recordTransition.ts";
import { toEscrowQuote } from "../views/quoteView.ts";

/** Logs claims the relayer could not send; a pino logger fits. */
export type ExpiryJobLogger = {
  warn(object: Record<string, unknown>, message: string): void;
};

/** Parameters of {@link createExpiryJob}. */
export type CreateExpiryJobParameters = {
  db: Database;
  deployment: EscrowDeployment;
  clock: () => Date;
  /**
   * When given, the relayer also sends `claimExpired` for each expired application (anyone may, and
   * the money only ever goes to the payer), so the payer need not do anything or pay gas.
   */
  claimRelayer?: Relayer | undefined;
  logger?: ExpiryJobLogger | undefined;
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
  /** Claims the relayer sent, by application id. */
  claims: Record<string, `0x${string}`>;
};

/** What {@link createExpiryJob} returns. */
export type ExpiryJob = {
  /**
   * Moves every open application whose decision deadline has passed to `expired`, and enqueues the
   * "how to claim" message (`application.claim_available`) with the `claimExpired` call.
   */
  expireOverdue(): Promise<ExpireOverdueReturnType>;
};

/**
 * The deadline job (docs/architecture.md, "The loop", step 6): past the escrow's decision deadline
 * the authority can no longer be paid and the payer may `claimExpired`. Run it every minute or so;
 * each application changes in its own transaction, and two servers running it at once each skip
 * what the other already moved. An `approved` application waits `approvedGraceSeconds` longer, as
 * its release may be mined but not yet indexed.
 *
 * @example
 * const job = createExpiryJob({ db, deployment, clock, claimRelayer: relayers.payments });
 * setInterval(() => job.expireOverdue(), 60_000);
 */
export function createExpiryJob({
  db,
  deployment,
  clock,
  claimRelayer,
  logger,
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
      const result: ExpireOverdueReturnType = { expired: [], claims: {} };
      for (const { id } of due) {
        const claim = await db.transaction(async (tx) => {
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
          const call =
            quote === undefined
              ? undefined
              : {
                  key: `claim:${quote.digest}`,
                  to: deployment.escrow,
                  data: encodeFunctionData({
                    abi: VisaFeeEscrow.abi,
                    functionName: "claimExpired",
                    args: [toEscrowQuote(quote)],
                  }),
                };
          await publishOutbox(tx, {
            topic: outboxTopics.claimAvailable,
            aggregateId: id,
            payload: {
              applicationId: id,
              userId: application.userId,
              organisationId: application.organisationId,
              authorityId: application.authorityId,
              chainId: deployment.chainId,
              decisionDeadline: deadline.toISOString(),
              payer: quote?.payer ?? null,
              amount: quote?.total.toString() ?? null,
              claim: call === undefined ? null : { to: call.to, data: call.data },
              claimedByRelayer: claimRelayer !== undefined && call !== undefined,
            },
          });
          return call ?? null;
        });
        if (claim === undefined) continue;
        result.expired.push(id);
        if (claim !== null && claimRelayer !== undefined) {
          try {
            result.claims[id] = (await claimRelayer.send(claim)).hash;
          } catch (error) {
            // The payer can still claim; the message tells them how.
            logger?.warn({ err: error, applicationId: id }, "relayer could not send claimExpired");
          }
        }
      }
      return result;
    },
  };
}
