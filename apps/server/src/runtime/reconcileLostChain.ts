import { type ApplicationState, applicationTransitions } from "@entrada/core";
import { applications, type Database, payments, quotes, settlementJobs } from "@entrada/db";
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { Logger } from "pino";
import type { Address, Chain, PublicClient, Transport } from "viem";
import { checkEscrowHolds, type EscrowStatus } from "../chain/checkEscrowHolds.ts";
import { systemActor } from "../services/actors.ts";
import { recordTransition } from "../services/recordTransition.ts";

/** Parameters of {@link reconcileLostChain}. */
export type ReconcileLostChainParameters = {
  db: Database;
  /** The chain that was reset. */
  chainId: number;
  /** A client of that chain as it is now, to ask its escrow what it holds. */
  client: PublicClient<Transport, Chain>;
  /** The escrow now deployed on it (the demo deploys at the same address every time). */
  escrow: Address;
  clock: () => Date;
  logger: Pick<Logger, "info" | "warn">;
};

/** What {@link reconcileLostChain} did. */
export type ReconcileLostChainReturnType = {
  /** Applications put back to `submitted`, with the state each was in. */
  returned: { applicationId: string; from: ApplicationState }[];
  /** Applications the escrow does know on the chain as it is now: left alone, for the indexer. */
  kept: { applicationId: string; state: ApplicationState; escrow: EscrowStatus }[];
};

/** Why, in the audit trail and the traveller's timeline. */
export const chainResetReason = "The local development chain was reset.";

/** States in which money was in flight or held on the lost chain: the states `chain_reset` leaves. */
const resettableStates: readonly ApplicationState[] = applicationTransitions.chain_reset.from;

/** Quotes that a payment on the lost chain used, or could still use. */
const liveQuoteStatuses = ["open", "paid"] as const;

/**
 * Puts back every application whose payment lived on a chain that was reset (the embedded
 * development chain starts empty at every start; a local node may be started afresh), so that the
 * database never counts money the chain does not hold. For each application in a state where money
 * was in flight or in escrow but not settled, with an open or paid quote on that chain:
 * - when the escrow as it is now knows the application (paid on the chain that is there: a node that
 *   survived), it is left alone — the indexer reports it;
 * - otherwise, in one transaction per application: its open and paid quotes are `void` (with the
 *   reason), its payments on that chain `reorged` (the blocks that held them are gone), its pending
 *   settlement jobs `cancelled` (there is nothing left to release or refund), the decision deadline
 *   cleared, and the application moved back to `submitted` by core's `chain_reset` — with
 *   the audit entry (system, and why) and the `application.state_changed` outbox event that tells the
 *   traveller, live and by e-mail in their language. They pay again from a new quote.
 *
 * Settled applications (`issued`, `refunded`) and those with nothing on chain are never touched.
 * Idempotent, and safe beside another process doing the same: each application is re-read under its
 * row lock, and one that moved on meanwhile is skipped. Run it before clearing the chain-derived
 * tables (`resetLocalChainState`): until they are cleared, a crash in between is detected again.
 *
 * @example
 * const { returned } = await reconcileLostChain({ db, chainId: 31337, client, escrow, clock, logger });
 */
export async function reconcileLostChain(
  parameters: ReconcileLostChainParameters,
): Promise<ReconcileLostChainReturnType> {
  const { db, chainId, client, escrow, clock, logger } = parameters;
  const candidates = await db
    .selectDistinct({ id: applications.id, onchainId: applications.onchainId, state: applications.state })
    .from(applications)
    .innerJoin(quotes, eq(quotes.applicationId, applications.id))
    .where(
      and(
        inArray(applications.state, [...resettableStates]),
        eq(quotes.chainId, chainId),
        inArray(quotes.status, [...liveQuoteStatuses]),
      ),
    );

  const result: ReconcileLostChainReturnType = { returned: [], kept: [] };
  for (const candidate of candidates) {
    const live = await liveQuotes(db, candidate.id, chainId);
    const quote = live.find((row) => row.status === "paid") ?? live[0];
    if (quote === undefined) continue;
    // Asked before the transaction: no row lock is held across a call to the node.
    const onChain = await checkEscrowHolds({
      client,
      escrow,
      applicationId: candidate.onchainId,
      digest: quote.digest,
    });
    if (onChain.status !== "none") {
      result.kept.push({ applicationId: candidate.id, state: candidate.state, escrow: onChain.status });
      if (quote.status === "paid" && !onChain.holds) {
        logger.warn(
          { applicationId: candidate.id, state: candidate.state, escrow: onChain.status },
          "the escrow's record of this application is not the paid quote's; left for the indexer",
        );
      }
      continue;
    }

    const returned = await db.transaction(async (tx) => {
      const [application] = await tx.select().from(applications).where(eq(applications.id, candidate.id)).for("update");
      if (application === undefined || !resettableStates.includes(application.state)) return undefined;
      const voided = await tx
        .update(quotes)
        .set({ status: "void", voidReason: chainResetReason })
        .where(
          and(
            eq(quotes.applicationId, application.id),
            eq(quotes.chainId, chainId),
            inArray(quotes.status, [...liveQuoteStatuses]),
          ),
        )
        .returning({ id: quotes.id });
      if (voided.length === 0) return undefined;
      await tx
        .update(payments)
        .set({ status: "reorged", confirmations: 0, confirmedAt: null })
        .where(
          and(
            eq(payments.applicationId, application.id),
            eq(payments.chainId, chainId),
            ne(payments.status, "reorged"),
          ),
        );
      const at = clock();
      await tx
        .update(settlementJobs)
        .set({ status: "cancelled", nextAttemptAt: null, lockedBy: null, lockedUntil: null, finishedAt: at })
        .where(
          and(
            eq(settlementJobs.applicationId, application.id),
            eq(settlementJobs.chainId, chainId),
            inArray(settlementJobs.status, ["queued", "sent", "blocked"]),
          ),
        );
      await recordTransition(tx, {
        application,
        event: "chain_reset",
        actor: systemActor,
        reason: chainResetReason,
        at,
        set: { decisionDeadline: null },
      });
      return { applicationId: application.id, from: application.state };
    });
    if (returned !== undefined) {
      result.returned.push(returned);
      logger.info(
        { applicationId: returned.applicationId, from: returned.from, chainId },
        "payment lost with the reset chain: quote voided, application back to submitted, traveller told",
      );
    }
  }
  return result;
}

/** The application's open and paid quotes on `chainId`, newest first. */
function liveQuotes(db: Database, applicationId: string, chainId: number) {
  return db
    .select({ id: quotes.id, status: quotes.status, digest: quotes.digest })
    .from(quotes)
    .where(
      and(
        eq(quotes.applicationId, applicationId),
        eq(quotes.chainId, chainId),
        inArray(quotes.status, [...liveQuoteStatuses]),
      ),
    )
    .orderBy(desc(quotes.createdAt));
}
