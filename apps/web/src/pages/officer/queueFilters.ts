import { authorityStates } from "./officerVocabulary.ts";

/**
 * What the queue shows (`GET /officer/applications?view=`): what needs the officer now (paid or under
 * review, the default), what is past its decision deadline, everything, or one state.
 */
export type QueueFilter = "all" | "needs_action" | "overdue" | (typeof authorityStates)[number];

/** The filters in the order the state select offers them. */
export const queueFilters: readonly QueueFilter[] = ["needs_action", "overdue", "all", ...authorityStates];

/** The view the desk opens on. */
export const defaultQueueFilter: QueueFilter = "needs_action";

/** Reads a filter from the URL (`?state=`), falling back to "needs action" for anything unknown. */
export function toQueueFilter(value: string | null): QueueFilter {
  return (queueFilters as readonly string[]).includes(value ?? "") ? (value as QueueFilter) : defaultQueueFilter;
}
