import { type Executor, settlementJobs, toCount } from "@entrada/db";
import { and, eq, inArray, sql } from "drizzle-orm";

/** What {@link countSettlementBacklog} returns. */
export type SettlementBacklog = {
  /** Waiting to be sent (first try or a retry after a failure). */
  queued: number;
  /** Sent; the relayer waits for their receipt. */
  sent: number;
  /** Waiting for an operator, or (those below) for the token's issuer. */
  blocked: number;
  /**
   * Of the blocked, those the token's issuer holds (`ENTRADA_SETTLEMENT_HELD_BY_ISSUER`: a paused
   * token, a blacklisted payer or payout); the worker re-checks them on its own.
   */
  heldByIssuer: number;
  /** Age of the oldest job not yet settled (queued, sent or blocked), in seconds; `null` when none. */
  oldestOpenAgeSeconds: number | null;
  /** Age of the oldest blocked job, in seconds; `null` when none. */
  oldestBlockedAgeSeconds: number | null;
};

/**
 * The settlement backlog for health checks and metrics: how many jobs wait, how many are blocked,
 * and how old the oldest are. A settlement that waits long, or any blocked one, is money that
 * should have moved.
 *
 * @example
 * const backlog = await countSettlementBacklog(db, { now: new Date() });
 * // { queued: 0, sent: 1, blocked: 1, heldByIssuer: 0, oldestOpenAgeSeconds: 620, oldestBlockedAgeSeconds: 620 }
 */
export async function countSettlementBacklog(db: Executor, { now }: { now: Date }): Promise<SettlementBacklog> {
  const rows = await db
    .select({
      status: settlementJobs.status,
      count: sql<number>`count(*)`.mapWith(toCount),
      oldest: sql<Date | null>`min(${settlementJobs.createdAt})`.mapWith(settlementJobs.createdAt),
    })
    .from(settlementJobs)
    .where(inArray(settlementJobs.status, ["queued", "sent", "blocked"]))
    .groupBy(settlementJobs.status);
  const [held] = await db
    .select({ count: sql<number>`count(*)`.mapWith(toCount) })
    .from(settlementJobs)
    .where(
      and(eq(settlementJobs.status, "blocked"), eq(settlementJobs.lastErrorCode, "ENTRADA_SETTLEMENT_HELD_BY_ISSUER")),
    );
  const ageOf = (oldest: Date | null | undefined) =>
    oldest === null || oldest === undefined ? null : Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000));
  const byStatus = Object.fromEntries(rows.map((row) => [row.status, row]));
  const oldest = rows.map((row) => row.oldest?.getTime() ?? null).filter((time): time is number => time !== null);
  return {
    queued: byStatus.queued?.count ?? 0,
    sent: byStatus.sent?.count ?? 0,
    blocked: byStatus.blocked?.count ?? 0,
    heldByIssuer: held?.count ?? 0,
    oldestOpenAgeSeconds: oldest.length === 0 ? null : ageOf(new Date(Math.min(...oldest))),
    oldestBlockedAgeSeconds: ageOf(byStatus.blocked?.oldest),
  };
}
