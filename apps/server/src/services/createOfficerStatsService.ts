import { applicationDecisions, authorityDailyActivity, authorityDailyFees, type Database, products } from "@entrada/db";
import { and, asc, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import { authorize } from "../policy.ts";
import { countOf, readCaseCounts } from "./readCaseCounts.ts";

/** Parameters of {@link createOfficerStatsService}. */
export type CreateOfficerStatsServiceParameters = {
  db: Database;
  /** Every chain served: released fees are counted on each, their tokens named by symbol. */
  deployments: readonly EscrowDeployment[];
  clock: () => Date;
};

/** One UTC day of an authority's activity. */
export type OfficerStatsDay = {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  /** Applications submitted (first submission) that day. */
  submitted: number;
  /** Applications whose payment the indexer confirmed that day. */
  paid: number;
  /** Applications approved or rejected that day. */
  decided: number;
};

/** Time from payment to decision, of the decisions made in the window, against the service level. */
export type OfficerTimeToDecision = {
  /** Decisions timed: decided in the window, with a confirmed payment on the trail. */
  count: number;
  /** Percentiles (interpolated, `percentile_cont`), whole seconds; `null` without any decision. */
  medianSeconds: number | null;
  p90Seconds: number | null;
  p95Seconds: number | null;
  /** Of `count`, those decided within their product's service level (payment + service level). */
  withinServiceLevel: number;
  /** The service levels of the authority's products, distinct, in hours, shortest first. */
  serviceLevelHours: number[];
};

/** An authority's dashboard figures; see {@link OfficerStatsService.stats}. */
export type OfficerStats = {
  authorityId: string;
  /** The window of `byDay`, `feesReleased` and `timeToDecision`, in days up to today (UTC). */
  days: number;
  /** Applications in each state the authority sees, now (every such state, zeros included). */
  byState: Record<string, number>;
  /** One entry per day of the window, oldest first, zeros included. */
  byDay: OfficerStatsDay[];
  /**
   * Fees released to the authority in the window, per token symbol over every chain served (USDC on
   * two chains is one line), in minor units (decimal strings): each issued application's, on the day
   * it became issued.
   */
  feesReleased: { token: string; amount: string }[];
  timeToDecision: OfficerTimeToDecision;
  /** Applications past their decision deadline and still undecided, now. */
  overdue: number;
};

/** What {@link createOfficerStatsService} returns. */
export type OfficerStatsService = {
  /**
   * The figures of the caller's authority (an officer, or an authority's API key) over the last
   * `days` days: applications by state, submissions, payments and decisions per day, fees released,
   * time to decision against the service level, and overdue applications. Read from the rollups
   * the database's triggers keep (a row per day, a row per decision of the window), never from the
   * audit trail or by loading the applications.
   */
  stats(principal: Principal | null, query: { days: number }): Promise<OfficerStats>;
};

const dayMs = 86_400_000;

/**
 * `percentile_cont(array[…])`'s `double precision[]` (`null` over no rows) to whole seconds: an array
 * on `pg`, and on PGlite too, or its text form (`{1,2.5,3}`) where a driver leaves it unparsed.
 */
function parsePercentiles(value: unknown): number[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : String(value).replace(/[{}]/g, "").split(",");
  return items.map((item) => Math.round(Number(item)));
}

/**
 * The officer dashboard's figures (DESIGN.md: "sees revenue and SLA charts"), from the state counters
 * and the rollups that triggers keep from the audit trail (issue 12, item 10: at 100,000 cases a
 * window of a year reads a row per day and the window's decisions, not the trail).
 *
 * @example
 * const stats = createOfficerStatsService({ db, deployments: [deployment], clock });
 * const { byState, timeToDecision } = await stats.stats(officer, { days: 30 });
 */
export function createOfficerStatsService({
  db,
  deployments,
  clock,
}: CreateOfficerStatsServiceParameters): OfficerStatsService {
  // `<chain id>:<token address>` → symbol: the same address may be another token on another chain.
  const tokenSymbols = new Map(
    deployments.flatMap((deployment) =>
      Object.entries(deployment.tokens).map(([symbol, address]) => [
        `${deployment.chainId}:${address.toLowerCase()}`,
        symbol,
      ]),
    ),
  );
  const chainIds = deployments.map((deployment) => deployment.chainId);

  return {
    async stats(principal, { days }) {
      const authorityId = principal?.authorityId ?? "";
      authorize(principal, "officer.stats", { authorityId });
      const now = clock();
      const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
      const since = new Date(today - (days - 1) * dayMs);

      // The rollups of packages/db's officerStats.ts: an application counts once a day per kind, even
      // if a reorg made the trail repeat an event.
      const sinceDay = since.toISOString().slice(0, 10);
      const byDayQuery = db
        .select({
          day: authorityDailyActivity.day,
          submitted: authorityDailyActivity.submitted,
          paid: authorityDailyActivity.paid,
          decided: authorityDailyActivity.decided,
        })
        .from(authorityDailyActivity)
        .where(and(eq(authorityDailyActivity.authorityId, authorityId), gte(authorityDailyActivity.day, sinceDay)));

      // What release paid the authority: the paid quotes' token amounts (the platform fee went to the
      // treasury), on the day each application became issued.
      const feeQuery = db
        .select({
          chainId: authorityDailyFees.chainId,
          token: authorityDailyFees.token,
          amount: sql<string>`sum(${authorityDailyFees.amount})`.mapWith((value) => BigInt(String(value)).toString()),
        })
        .from(authorityDailyFees)
        .where(
          and(
            eq(authorityDailyFees.authorityId, authorityId),
            gte(authorityDailyFees.day, sinceDay),
            inArray(authorityDailyFees.chainId, chainIds),
          ),
        )
        .groupBy(authorityDailyFees.chainId, authorityDailyFees.token);

      // The window's decisions in index order (application_decisions_authority_decided_idx holds every
      // column read here), each timed from its application's first confirmed payment.
      const seconds = sql`extract(epoch from (${applicationDecisions.decidedAt} - ${applicationDecisions.paidAt}))::double precision`;
      const timingQuery = db
        .select({
          count: countOf(sql`count(*)`),
          percentiles: sql<
            number[] | null
          >`percentile_cont(array[0.5, 0.9, 0.95]::double precision[]) within group (order by ${seconds})`,
          withinServiceLevel: countOf(
            sql`count(*) filter (where ${applicationDecisions.decidedAt} <= ${applicationDecisions.paidAt} + ${applicationDecisions.serviceLevelHours} * interval '1 hour')`,
          ),
        })
        .from(applicationDecisions)
        .where(
          and(
            eq(applicationDecisions.authorityId, authorityId),
            gte(applicationDecisions.decidedAt, since),
            isNotNull(applicationDecisions.paidAt),
          ),
        );

      const serviceLevelQuery = db
        .selectDistinct({ hours: products.serviceLevelHours })
        .from(products)
        .where(and(eq(products.authorityId, authorityId), eq(products.active, true)))
        .orderBy(asc(products.serviceLevelHours));

      // Side by side: on PostgreSQL each takes a connection of the pool.
      const [{ byState, overdue }, byDayRows, feeRows, [timing], serviceLevels] = await Promise.all([
        readCaseCounts(db, authorityId, now),
        byDayQuery,
        feeQuery,
        timingQuery,
        serviceLevelQuery,
      ]);
      const percentiles = parsePercentiles(timing?.percentiles ?? null);

      const feesBySymbol = new Map<string, bigint>();
      for (const row of feeRows) {
        const token = tokenSymbols.get(`${row.chainId}:${row.token.toLowerCase()}`) ?? row.token;
        feesBySymbol.set(token, (feesBySymbol.get(token) ?? 0n) + BigInt(row.amount));
      }

      const activity = new Map(byDayRows.map((row) => [row.day, row]));
      const byDay = Array.from({ length: days }, (_, i) => {
        const date = new Date(since.getTime() + i * dayMs).toISOString().slice(0, 10);
        const row = activity.get(date);
        return { day: date, submitted: row?.submitted ?? 0, paid: row?.paid ?? 0, decided: row?.decided ?? 0 };
      });
      return {
        authorityId,
        days,
        byState,
        byDay,
        feesReleased: [...feesBySymbol]
          .map(([token, amount]) => ({ token, amount: amount.toString() }))
          .sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0)),
        timeToDecision: {
          count: timing?.count ?? 0,
          medianSeconds: percentiles[0] ?? null,
          p90Seconds: percentiles[1] ?? null,
          p95Seconds: percentiles[2] ?? null,
          withinServiceLevel: timing?.withinServiceLevel ?? 0,
          serviceLevelHours: serviceLevels.map((row) => row.hours),
        },
        overdue,
      };
    },
  };
}
