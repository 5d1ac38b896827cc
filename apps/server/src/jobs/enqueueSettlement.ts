import { encodeSettlementCall } from "@entrada/contracts";
import { type Executor, type SettlementKind, settlementJobs } from "@entrada/db";
import { and, eq, ne } from "drizzle-orm";
import type { Hex } from "viem";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import { type QuoteRow, toEscrowQuote } from "../views/quoteView.ts";

/** A settlement job as stored. */
export type SettlementJob = typeof settlementJobs.$inferSelect;

/** Parameters of {@link enqueueSettlement}. */
export type EnqueueSettlementParameters = {
  applicationId: string;
  /** The paid quote whose escrow record is settled. */
  quote: QuoteRow;
  kind: SettlementKind;
  deployment: EscrowDeployment;
  /** Due from then (now). */
  at: Date;
};

/** The escrow function each kind calls. */
const escrowFunction = { release: "release", refund: "refund", claim: "claimExpired" } as const;

/**
 * The escrow calldata of a settlement of the escrow record `quote` paid: `release`, `refund` or
 * `claimExpired`. The one place that encodes them, for the jobs and for the payer's own claim.
 *
 * @example
 * settlementCalldata("claim", quote) // 0x… (claimExpired)
 */
export function settlementCalldata(kind: SettlementKind, quote: QuoteRow): Hex {
  return encodeSettlementCall(escrowFunction[kind], toEscrowQuote(quote));
}

/**
 * Records the settlement a decision or an expiry owes, inside the caller's transaction, so that it
 * exists exactly when the decision does: `release` or `refund` for the officer's approval or
 * rejection, `claim` (`claimExpired`) for an expiry. The relayer key is `<kind>:<quote digest>`,
 * as the relayer has always been asked, so the chain side is idempotent whoever sends it.
 *
 * Idempotent: a live job of the same application and kind for the same quote is returned as it is,
 * and a cancelled one is queued again. A live one for another quote (the chain that held the old one
 * was reset and the applicant paid again) is cancelled first.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await recordTransition(tx, { application, event: "approve", actor, at });
 *   await enqueueSettlement(tx, { applicationId: application.id, quote, kind: "release", deployment, at });
 * });
 */
export async function enqueueSettlement(
  tx: Executor,
  { applicationId, quote, kind, deployment, at }: EnqueueSettlementParameters,
): Promise<SettlementJob> {
  const relayerKey = `${kind}:${quote.digest}`;
  const live = and(
    eq(settlementJobs.applicationId, applicationId),
    eq(settlementJobs.kind, kind),
    ne(settlementJobs.status, "cancelled"),
  );
  const [existing] = await tx.select().from(settlementJobs).where(live).for("update");
  if (existing?.relayerKey === relayerKey) return existing;
  if (existing !== undefined) {
    await tx
      .update(settlementJobs)
      .set({
        status: "cancelled",
        nextAttemptAt: null,
        lockedBy: null,
        lockedUntil: null,
        lastErrorCode: null,
        lastErrorMessage: "Superseded by a settlement of a newer quote.",
        finishedAt: at,
      })
      .where(eq(settlementJobs.id, existing.id));
  }
  // A job of this very call cancelled earlier (its application left the state and came back to it).
  const [cancelled] = await tx.select().from(settlementJobs).where(eq(settlementJobs.relayerKey, relayerKey));
  if (cancelled !== undefined) {
    const [revived] = await tx
      .update(settlementJobs)
      .set({ status: "queued", nextAttemptAt: at, lastErrorCode: null, lastErrorMessage: null, finishedAt: null })
      .where(eq(settlementJobs.id, cancelled.id))
      .returning();
    return revived!;
  }
  const data = settlementCalldata(kind, quote);
  const [job] = await tx
    .insert(settlementJobs)
    .values({
      applicationId,
      quoteId: quote.id,
      kind,
      chainId: deployment.chainId,
      relayerKey,
      to: deployment.escrow.toLowerCase() as Hex,
      data: data.toLowerCase() as Hex,
      nextAttemptAt: at,
    })
    .returning();
  return job!;
}
