import type { ApplicationState } from "@entrada/core";
import { applicationStateCounts, applications, type Executor, toCount } from "@entrada/db";
import { and, eq, inArray, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import { authorityVisibleStates } from "../policy.ts";

/** Applications the authority has yet to decide: past their deadline, they are overdue. */
export const undecidedStates = ["paid", "under_review", "needs_info"] as const satisfies readonly ApplicationState[];

/** `count(…)` is a string on `pg` and a number on PGlite; both become a number. */
export const countOf = (expression: SQL) => sql<number>`${expression}`.mapWith(toCount);

/** An authority's applications now: how many in each state it sees (zeros included), and how many overdue. */
export type CaseCounts = { byState: Record<string, number>; overdue: number };

/**
 * The counts the officer queue's header and the dashboard show, without reading the authority's
 * applications: per state from the counters the triggers keep (`application_state_counts`, a few
 * rows whatever the queue's size), overdue from the undecided partial index, bounded by what is
 * overdue. The two queries run side by side (on PostgreSQL each takes a connection of the pool).
 *
 * @example
 * const { byState, overdue } = await readCaseCounts(db, "th-evisa", clock());
 */
export async function readCaseCounts(db: Executor, authorityId: string, now: Date): Promise<CaseCounts> {
  const [byStateRows, [overdueRow]] = await Promise.all([
    db
      .select({ state: applicationStateCounts.state, count: applicationStateCounts.count })
      .from(applicationStateCounts)
      .where(
        and(
          eq(applicationStateCounts.authorityId, authorityId),
          inArray(applicationStateCounts.state, [...authorityVisibleStates]),
        ),
      ),
    db
      .select({ count: countOf(sql`count(*)`) })
      .from(applications)
      .where(
        and(
          eq(applications.authorityId, authorityId),
          inArray(applications.state, [...undecidedStates]),
          isNotNull(applications.decisionDeadline),
          lt(applications.decisionDeadline, now),
        ),
      ),
  ]);
  const byState: Record<string, number> = Object.fromEntries(authorityVisibleStates.map((state) => [state, 0]));
  for (const row of byStateRows) byState[row.state] = Number(row.count);
  return { byState, overdue: overdueRow?.count ?? 0 };
}
