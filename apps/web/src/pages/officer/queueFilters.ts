import type { ApplicationState } from "../../api/types.ts";
import { authorityStates, undecidedStates } from "./officerVocabulary.ts";

/**
 * What the queue shows: everything, what needs the officer now (paid or under review), what is past
 * its decision deadline, or one state.
 */
export type QueueFilter = "all" | "needs_action" | "overdue" | (typeof authorityStates)[number];

/** The filters in the order the state select offers them. */
export const queueFilters: readonly QueueFilter[] = ["all", "needs_action", "overdue", ...authorityStates];

/** Reads a filter from the URL (`?state=`), falling back to `all` for anything unknown. */
export function toQueueFilter(value: string | null): QueueFilter {
  return (queueFilters as readonly string[]).includes(value ?? "") ? (value as QueueFilter) : "all";
}

/**
 * The server lists of a filter: `GET /officer/applications?state=` takes one state (or none for all),
 * so "needs action" and "overdue" read several lists and merge them (see mergeQueueStreams).
 *
 * @example
 * queueStreams("needs_action") // ["paid", "under_review"]
 * queueStreams("all")          // [null]
 */
export function queueStreams(filter: QueueFilter): (ApplicationState | null)[] {
  if (filter === "all") return [null];
  if (filter === "needs_action") return ["paid", "under_review"];
  if (filter === "overdue") return [...undecidedStates];
  return [filter];
}
