import { applicationEvents, applicationStateCounts, applications, type Database, quotes, toCount } from "@entrada/db";
import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import { authorityVisibleStates, authorize } from "../policy.ts";

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
   * two chains is one line), in minor units (decimal strings).
   */
  feesReleased: { token: string; amount: string }[];
  /** From payment to approval or rejection, of the decisions made in the window. */
  timeToDecision: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  /** Applications past their decision deadline and still undecided, now. */
  overdue: number;
};

/** What {@link createOfficerStatsService} returns. */
export type OfficerStatsService = {
  /**
   * The figures of the caller's authority (an officer, or an authority's API key) over the last
   * `days` days: applications by state, submissions, payments and decisions per day, fees released,
   * time to decision, and overdue applications. Counted in the database (SQL aggregates), never by
   * loading the applications.
   */
  stats(principal: Principal | null, query: { days: number }): Promise<OfficerStats>;
};

/** Applications the authority has yet to decide: past the deadline, they are overdue. */
const undecidedStates = ["paid", "under_review", "needs_info"] as const;
const decisionEvents = ["approve", "reject"] as const;
const dayMs = 86_400_000;

/** `count(…)` is a string on `pg` and a number on PGlite; both become a number. */
const countOf = (expression: SQL) => sql<number>`${expression}`.mapWith(toCount);

/** A `double precision` aggregate (`null` over no rows) to whole seconds. */
function toSeconds(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value));
}

/**
 * The officer dashboard's figures (DESIGN.md: "sees revenue and SLA charts"), from the applications,
 * the audit trail and the paid quotes.
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
      const ofAuthority = eq(applications.authorityId, authorityId);

      // The counters the triggers keep on `applications`: a few rows, not the authority's every application.
      const byStateQuery = db
        .select({ state: applicationStateCounts.state, count: applicationStateCounts.count })
        .from(applicationStateCounts)
        .where(
          and(
            eq(applicationStateCounts.authorityId, authorityId),
            inArray(applicationStateCounts.state, [...authorityVisibleStates]),
          ),
        );

      // An application counts once a day per kind, even if a reorg made the trail repeat an event.
      const day = sql<string>`to_char(${applicationEvents.at} at time zone 'UTC', 'YYYY-MM-DD')`;
      const distinctWhere = (condition: SQL) =>
        countOf(sql`count(distinct ${applicationEvents.applicationId}) filter (where ${condition})`);
      const byDayQuery = db
        .select({
          day,
          submitted: distinctWhere(sql`${applicationEvents.event} = 'submit'`),
          paid: distinctWhere(sql`${applicationEvents.event} = 'confirm_payment'`),
          decided: distinctWhere(inArray(applicationEvents.event, [...decisionEvents])),
        })
        .from(applicationEvents)
        .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
        .where(
          and(
            ofAuthority,
            gte(applicationEvents.at, since),
            inArray(applicationEvents.event, ["submit", "confirm_payment", ...decisionEvents]),
          ),
        )
        .groupBy(day);

      // What release paid the authority: the paid quote's token amount (the platform fee went to
      // the treasury), for applications issued in the window.
      const feeQuery = db
        .select({
          chainId: quotes.chainId,
          token: quotes.token,
          amount: sql<string>`sum(${quotes.tokenAmount})`.mapWith((value) => BigInt(String(value)).toString()),
        })
        .from(applications)
        .innerJoin(quotes, and(eq(quotes.applicationId, applications.id), eq(quotes.status, "paid")))
        .where(
          and(
            ofAuthority,
            eq(applications.state, "issued"),
            inArray(quotes.chainId, chainIds),
            // Driven by the window's issue events (application_events_event_at_idx), not by every
            // issued application of the authority.
            inArray(
              applications.id,
              db
                .select({ id: applicationEvents.applicationId })
                .from(applicationEvents)
                .where(and(eq(applicationEvents.event, "issue"), gte(applicationEvents.at, since))),
            ),
          ),
        )
        .groupBy(quotes.chainId, quotes.token);

      // The decisions made in the window (application_events_event_at_idx: bounded by `days`, not the
      // authority's whole history), each timed from its application's payment.
      const decisions = db
        .select({
          paidAt: sql`(
            select min(paid.at) from ${applicationEvents} as paid
            where paid.application_id = ${applicationEvents.applicationId} and paid.event = 'confirm_payment'
          )`.as("paid_at"),
          decidedAt: sql`max(${applicationEvents.at})`.as("decided_at"),
        })
        .from(applicationEvents)
        .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
        .where(
          and(ofAuthority, inArray(applicationEvents.event, [...decisionEvents]), gte(applicationEvents.at, since)),
        )
        .groupBy(applicationEvents.applicationId)
        .as("decisions");
      const seconds = sql`extract(epoch from (${decisions.decidedAt} - ${decisions.paidAt}))::double precision`;
      // Its estimated cost (a subquery per decision) makes PostgreSQL compile it (JIT), which takes
      // longer than running it: not for a query bounded by the window.
      const timingQuery = db.transaction(async (tx) => {
        await tx.execute(sql`set local jit = off`);
        return tx
          .select({
            count: countOf(sql`count(*)`),
            medianSeconds: sql`percentile_cont(0.5) within group (order by ${seconds})`.mapWith(toSeconds),
            p90Seconds: sql`percentile_cont(0.9) within group (order by ${seconds})`.mapWith(toSeconds),
          })
          .from(decisions)
          .where(sql`${decisions.paidAt} is not null`);
      });

      const overdueQuery = db
        .select({ count: countOf(sql`count(*)`) })
        .from(applications)
        .where(
          and(ofAuthority, inArray(applications.state, [...undecidedStates]), lt(applications.decisionDeadline, now)),
        );

      // Side by side: on PostgreSQL each takes a connection of the pool.
      const [byStateRows, byDayRows, feeRows, [timing], [overdue]] = await Promise.all([
        byStateQuery,
        byDayQuery,
        feeQuery,
        timingQuery,
        overdueQuery,
      ]);

      const feesBySymbol = new Map<string, bigint>();
      for (const row of feeRows) {
        const token = tokenSymbols.get(`${row.chainId}:${row.token.toLowerCase()}`) ?? row.token;
        feesBySymbol.set(token, (feesBySymbol.get(token) ?? 0n) + BigInt(row.amount));
      }

      const byState: Record<string, number> = Object.fromEntries(authorityVisibleStates.map((state) => [state, 0]));
      for (const row of byStateRows) byState[row.state] = Number(row.count);
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
          medianSeconds: timing?.medianSeconds ?? null,
          p90Seconds: timing?.p90Seconds ?? null,
        },
        overdue: overdue?.count ?? 0,
      };
    },
  };
}
