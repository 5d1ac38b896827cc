import { type ApplicationState, getCurrency, parseApplicationReference } from "@entrada/core";
import { applicants, applicationEvents, applications, type Database, products, quotes } from "@entrada/db";
import { and, asc, eq, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Principal } from "../auth/Principal.ts";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import { decodeCursor, toPage, uuidPattern } from "../http/cursor.ts";
import { authorityVisibleStates, authorize } from "../policy.ts";
import { toApplicationSummary } from "../views/applicationView.ts";
import { toMoneyView } from "../views/moneyView.ts";
import type { OfficerQueueCounts, OfficerQueueRow } from "../views/officerQueueRowView.ts";
import { searchNameIndex } from "./applicantNameIndex.ts";
import { openApplicant } from "./openApplicant.ts";
import { countOf, readCaseCounts, undecidedStates } from "./readCaseCounts.ts";

/** Parameters of {@link createOfficerQueueService}. */
export type CreateOfficerQueueServiceParameters = {
  db: Database;
  cipher: RecordCipher;
  clock: () => Date;
};

/**
 * The queue's views: what waits for the officer (`needs_action`: paid or under review), what is past
 * its deadline and undecided (`overdue`), everything from payment on (`all`), or one state.
 */
export type OfficerQueueView = "needs_action" | "overdue" | "all" | ApplicationState;

/** A query of {@link OfficerQueueService.list}. */
export type OfficerQueueQuery = {
  /** Default `needs_action`. */
  view?: OfficerQueueView | undefined;
  /** A short reference (any case, dashes or not) or words of the applicant's name (all must match). */
  q?: string | undefined;
  /** Only the application of this short reference. */
  reference?: string | undefined;
  /** Only this application: what a live event names, to put its row in place. */
  id?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** A page of the queue; `counts` on the first page only (a cursor's pages leave them to the first). */
export type OfficerQueuePage = {
  items: OfficerQueueRow[];
  nextCursor: string | null;
  counts: OfficerQueueCounts | null;
};

/** What {@link createOfficerQueueService} returns. */
export type OfficerQueueService = {
  /**
   * A page of the caller's authority's queue, oldest decision deadline first (keyset: a cursor stays
   * valid while applications arrive or move), each row with what the desk shows, and on the first
   * page the counts of every state and of the view asked for.
   */
  list(principal: Principal | null, query: OfficerQueueQuery): Promise<OfficerQueuePage>;
};

/** Waiting for the officer: the "needs action" view. `needs_info` waits for the applicant. */
export const needsActionStates = ["paid", "under_review"] as const satisfies readonly ApplicationState[];

/**
 * The officer's desk at scale (issue 12, item 10): every filter, the search and the counts run in the
 * database, and a page reads in index order and stops at `limit` — one index per kind of view
 * (`applications_authority_undecided_idx` for "needs action" and "overdue",
 * `applications_authority_state_idx` for one state, `applications_authority_deadline_idx` for all),
 * each ending in `(decision_deadline, id)`, the keyset of the cursor. Names are decrypted for the
 * rows of the page only; a name search goes through the keyed blind index of the names' words.
 *
 * @example
 * const queue = createOfficerQueueService({ db, cipher, clock });
 * const { items, nextCursor, counts } = await queue.list(officer, { view: "needs_action", limit: 25 });
 */
export function createOfficerQueueService({
  db,
  cipher,
  clock,
}: CreateOfficerQueueServiceParameters): OfficerQueueService {
  /** The rows of a view, with a search, for `authorityId` (and `null` when the view can hold none). */
  function viewWhere(authorityId: string, query: OfficerQueueQuery, now: Date): SQL | null {
    const view = query.view ?? "needs_action";
    const states: readonly ApplicationState[] =
      view === "all"
        ? authorityVisibleStates
        : view === "needs_action"
          ? needsActionStates
          : view === "overdue"
            ? undecidedStates
            : authorityVisibleStates.filter((state) => state === view);
    if (states.length === 0) return null;
    const conditions: (SQL | undefined)[] = [
      eq(applications.authorityId, authorityId),
      inArray(applications.state, [...states]),
      // Every state from payment on has one; the keyset needs it.
      isNotNull(applications.decisionDeadline),
      view === "overdue" ? lt(applications.decisionDeadline, now) : undefined,
      query.id === undefined ? undefined : eq(applications.id, query.id),
    ];
    if (query.reference !== undefined) {
      // As typed: any case, with or without dashes; what cannot be a reference matches nothing.
      conditions.push(eq(applications.reference, parseApplicationReference(query.reference) ?? ""));
    }
    const search = query.q?.trim() ?? "";
    if (search !== "") {
      const reference = parseApplicationReference(search);
      const words = searchNameIndex(cipher, search);
      // A word such as "ERIKSSON" also reads as a reference: either may match.
      const byName =
        words.length === 0
          ? undefined
          : inArray(
              applications.applicantId,
              db
                .select({ id: applicants.id })
                .from(applicants)
                .where(sql`${applicants.nameIndex} @> ${sql.param(words)}::text[]`),
            );
      const byReference = reference === null ? undefined : eq(applications.reference, reference);
      if (byName === undefined && byReference === undefined) return null;
      conditions.push(or(byName, byReference));
    }
    return and(...conditions)!;
  }

  async function counts(authorityId: string, query: OfficerQueueQuery, now: Date): Promise<OfficerQueueCounts> {
    const { byState, overdue } = await readCaseCounts(db, authorityId, now);
    const needsAction = needsActionStates.reduce((sum, state) => sum + (byState[state] ?? 0), 0);
    const view = query.view ?? "needs_action";
    const searched = (query.q?.trim() ?? "") !== "" || query.reference !== undefined || query.id !== undefined;
    let total: number;
    if (searched) {
      const where = viewWhere(authorityId, query, now);
      const [row] =
        where === null
          ? [{ count: 0 }]
          : await db
              .select({ count: countOf(sql`count(*)`) })
              .from(applications)
              .where(where);
      total = row?.count ?? 0;
    } else {
      total =
        view === "all"
          ? Object.values(byState).reduce((sum, count) => sum + count, 0)
          : view === "needs_action"
            ? needsAction
            : view === "overdue"
              ? overdue
              : (byState[view] ?? 0);
    }
    return { byState, needsAction, overdue, total };
  }

  return {
    async list(principal, query) {
      const authorityId = principal?.authorityId ?? "";
      authorize(principal, "officer.queue", { authorityId });
      const now = clock();
      const where = viewWhere(authorityId, query, now);
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, uuidPattern);
      // The counts and the page side by side: a first page costs the slower of the two, not their sum.
      const countsQuery = cursor === undefined ? counts(authorityId, query, now) : Promise.resolve(null);
      if (where === null) return { items: [], nextCursor: null, counts: await countsQuery };
      const after =
        cursor === undefined
          ? undefined
          : sql`(${applications.decisionDeadline}, ${applications.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
      // The paid quote of each row of the page: one index probe (quotes_application_idx) per row.
      const paid = sql<{ total: string; token: string } | null>`(
        select json_build_object('total', ${quotes.total}::text, 'token', ${quotes.rateLegs}->>'token')
        from ${quotes}
        where ${quotes.applicationId} = ${applications.id} and ${quotes.status} = 'paid'
        order by ${quotes.createdAt} desc
        limit 1
      )`;
      // The service level's due time: the first confirmed payment (as the dashboard times decisions)
      // plus the product's service level; index probes per row of the page.
      const serviceLevelDueAt = sql<Date | null>`(
        select min(${applicationEvents.at}) from ${applicationEvents}
        where ${applicationEvents.applicationId} = ${applications.id} and ${applicationEvents.event} = 'confirm_payment'
      ) + ${products.serviceLevelHours} * interval '1 hour'`.mapWith(applications.decisionDeadline);
      const rowsQuery = db
        .select({
          application: applications,
          applicant: applicants,
          serviceLevelHours: products.serviceLevelHours,
          serviceLevelDueAt,
          paid,
          cursorAt: sql<string>`to_char(${applications.decisionDeadline} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        })
        .from(applications)
        .innerJoin(applicants, eq(applicants.id, applications.applicantId))
        .innerJoin(products, eq(products.id, applications.productId))
        .where(and(where, after))
        .orderBy(asc(applications.decisionDeadline), asc(applications.id))
        .limit(query.limit + 1);
      const [rows, pageCounts] = await Promise.all([rowsQuery, countsQuery]);
      const page = toPage(rows, query.limit, (row) => ({ at: row.cursorAt, id: row.application.id }));
      return {
        items: page.items.map(({ application, applicant, paid, ...serviceLevel }): OfficerQueueRow => {
          const data = openApplicant(cipher, applicant);
          const paidJson = typeof paid === "string" ? (JSON.parse(paid) as { total: string; token: string }) : paid;
          return {
            ...toApplicationSummary(application),
            applicant: { name: `${data.givenNames} ${data.surname}`.trim(), nationality: applicant.nationality },
            paid:
              paidJson === null
                ? null
                : {
                    ...toMoneyView({ amount: BigInt(paidJson.total), currency: paidJson.token }),
                    decimals: getCurrency(paidJson.token).exponent,
                  },
            serviceLevel: {
              hours: serviceLevel.serviceLevelHours,
              dueAt: serviceLevel.serviceLevelDueAt?.toISOString() ?? null,
            },
            overdue:
              (undecidedStates as readonly string[]).includes(application.state) &&
              application.decisionDeadline !== null &&
              application.decisionDeadline.getTime() < now.getTime(),
          };
        }),
        nextCursor: page.nextCursor,
        counts: pageCounts,
      };
    },
  };
}
