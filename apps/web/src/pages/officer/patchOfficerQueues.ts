import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { ApplicationState } from "../../api/types.ts";
import { fetchQueuePage, officerKeys } from "./officerQueries.ts";
import type { OfficerQueueCounts, OfficerQueuePage, OfficerQueueRow } from "./officerTypes.ts";
import type { QueueFilter } from "./queueFilters.ts";

type QueueData = InfiniteData<OfficerQueuePage, string | null>;
type QueueKey = readonly ["officerQueue", string, QueueFilter, string];

const needsAction: readonly string[] = ["paid", "under_review"];
const undecided: readonly string[] = ["paid", "under_review", "needs_info"];

/** Whether a state belongs to a view, overdue aside (which also needs the deadline). */
function inView(filter: QueueFilter, state: string): boolean {
  if (filter === "all") return true;
  if (filter === "needs_action") return needsAction.includes(state);
  if (filter === "overdue") return undecided.includes(state);
  return filter === state;
}

/** The counts after `from → to`: exact per state and for "needs action"; overdue follows the row when it is loaded. */
function patchCounts(
  counts: OfficerQueueCounts,
  filter: QueueFilter,
  from: string,
  to: string,
  row: OfficerQueueRow | undefined,
): OfficerQueueCounts {
  const byState = { ...counts.byState };
  if (from in byState) byState[from] = Math.max(0, (byState[from] ?? 0) - 1);
  if (to in byState) byState[to] = (byState[to] ?? 0) + 1;
  const delta = (states: readonly string[]) => Number(states.includes(to)) - Number(states.includes(from));
  const wasOverdue = row?.overdue === true;
  const isOverdue = wasOverdue && undecided.includes(to);
  const overdue = counts.overdue - Number(wasOverdue) + Number(isOverdue);
  const total =
    filter === "overdue"
      ? counts.total - Number(wasOverdue) + Number(isOverdue)
      : counts.total + Number(inView(filter, to)) - Number(inView(filter, from));
  return { byState, needsAction: counts.needsAction + delta(needsAction), overdue, total: Math.max(0, total) };
}

/** Whether row `a` comes before `b` in the queue's order (deadline, then id). */
function before(a: OfficerQueueRow, b: OfficerQueueRow): boolean {
  const byDeadline = (a.decisionDeadline ?? "").localeCompare(b.decisionDeadline ?? "");
  return byDeadline < 0 || (byDeadline === 0 && a.id < b.id);
}

/**
 * Applies a live event to every cached queue view, instead of refetching them: an
 * `application.state_changed` moves the counts (from one state to the other), updates a loaded row's
 * state in place, drops it from a view it has left, and — for an application that enters a view it
 * was not loaded in — reads that one row (`?id=`, with the view's search) and puts it in order, when it
 * falls among the rows loaded so far (otherwise "load more" will reach it). No event reads a whole
 * queue page again.
 *
 * @example
 * patchOfficerQueues(queryClient, "application.state_changed", { applicationId, from: "paid", to: "under_review" });
 */
export function patchOfficerQueues(queryClient: QueryClient, topic: string, payload: Record<string, unknown>): void {
  if (topic !== "application.state_changed") return;
  const { applicationId, from, to } = payload;
  if (typeof applicationId !== "string" || typeof from !== "string" || typeof to !== "string") return;
  for (const [key, data] of queryClient.getQueriesData<QueueData>({ queryKey: officerKeys.queues })) {
    if (data === undefined) continue;
    const [, , filter, search] = key as unknown as QueueKey;
    const row = data.pages.flatMap((page) => page.items).find((item) => item.id === applicationId);
    const stays = inView(filter, to) && (filter !== "overdue" || row?.overdue === true);
    queryClient.setQueryData<QueueData>(key, (current) => {
      if (current === undefined) return current;
      return {
        ...current,
        pages: current.pages.map((page, index) => ({
          ...page,
          counts: index === 0 && page.counts !== null ? patchCounts(page.counts, filter, from, to, row) : page.counts,
          items: page.items.flatMap((item) =>
            item.id !== applicationId
              ? [item]
              : stays
                ? [{ ...item, state: to as ApplicationState, overdue: item.overdue && undecided.includes(to) }]
                : [],
          ),
        })),
      };
    });
    // Entering the view: its row is read alone. An unloaded row that was already in the view lies
    // beyond the loaded rows (its deadline has not moved), and stays there.
    if (row === undefined && inView(filter, to) && !inView(filter, from)) {
      void insertRow(queryClient, key, filter, search, applicationId);
    }
  }
}

/** Reads one application's row in a view and puts it in order among the loaded rows, if it belongs there. */
async function insertRow(
  queryClient: QueryClient,
  key: readonly unknown[],
  filter: QueueFilter,
  search: string,
  id: string,
): Promise<void> {
  const found = (await fetchQueuePage({ filter, search, id }).catch(() => null))?.items[0];
  if (found === undefined) return;
  queryClient.setQueryData<QueueData>(key, (current) => {
    if (current === undefined || current.pages.some((page) => page.items.some((item) => item.id === id))) {
      return current;
    }
    const last = current.pages.at(-1);
    const lastRow = last?.items.at(-1);
    // Beyond the loaded rows while more pages remain: "load more" reads it in its place.
    if (last?.nextCursor !== null && lastRow !== undefined && !before(found, lastRow)) return current;
    let placed = false;
    const pages = current.pages.map((page, index) => {
      if (placed) return page;
      const at = page.items.findIndex((item) => before(found, item));
      if (at === -1 && index < current.pages.length - 1) return page;
      placed = true;
      const items = [...page.items];
      items.splice(at === -1 ? items.length : at, 0, found);
      return { ...page, items };
    });
    return { ...current, pages };
  });
}
