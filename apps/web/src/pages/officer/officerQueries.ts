import { api } from "../../api/api.ts";
import type { Application, Authority, HistoryEntry, Page, Product } from "../../api/types.ts";
import type { OfficerQueuePage, OfficerStats } from "./officerTypes.ts";
import type { QueueFilter } from "./queueFilters.ts";

/**
 * The officer pages' query keys. Everything that changes with the applications starts with
 * `"officer"`, so the live stream (live/useLiveEvents.ts) refreshes it on every event; the authority
 * is part of the key, so another authority's sign-in never sees this one's cache. The queue is the
 * exception: at thousands of cases, refetching it on every event would read the whole queue again for
 * every officer at every decision, so it lives under `"officerQueue"` and live events patch its rows
 * in place (patchOfficerQueues). What does not change with events (the catalogue) lives under its own
 * prefix too.
 */
export const officerKeys = {
  all: ["officer"] as const,
  /** Every cached queue view: what a live event patches. */
  queues: ["officerQueue"] as const,
  queue: (authorityId: string, filter: QueueFilter, search: string) =>
    ["officerQueue", authorityId, filter, search] as const,
  application: (authorityId: string, id: string) => ["officer", authorityId, "application", id] as const,
  history: (authorityId: string, id: string) => ["officer", authorityId, "history", id] as const,
  stats: (authorityId: string, days: number) => ["officer", authorityId, "stats", days] as const,
  authorities: () => ["officerCatalogue", "authorities"] as const,
  products: (authorityId: string) => ["officerCatalogue", "products", authorityId] as const,
  product: (productId: string) => ["officerCatalogue", "product", productId] as const,
};

/** Page size of the queue. */
export const queuePageSize = 25;

/**
 * One page of the authority's queue in a view, with a search (reference or name words), oldest
 * deadline first; the first page (no cursor) carries the counts. `id`: only that application, if it
 * is in the view (a live event's row).
 */
export function fetchQueuePage(
  query: { filter: QueueFilter; search: string; cursor?: string | null; id?: string },
  signal?: AbortSignal,
) {
  const params = new URLSearchParams({ view: query.filter, limit: String(queuePageSize) });
  const search = query.search.trim();
  if (search !== "") params.set("q", search);
  if (query.cursor) params.set("cursor", query.cursor);
  if (query.id !== undefined) params.set("id", query.id);
  return api<OfficerQueuePage>("GET", `/officer/applications?${params}`, signal ? { signal } : {});
}

/** One application of the authority with the applicant's data, answers and quote. */
export function fetchOfficerApplication(id: string, signal?: AbortSignal) {
  return api<Application>("GET", `/officer/applications/${encodeURIComponent(id)}`, signal ? { signal } : {});
}

/** The whole audit trail of an application, oldest first (read page by page; trails are short). */
export async function fetchHistory(id: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const query = new URLSearchParams({ limit: "100" });
    if (cursor !== null) query.set("cursor", cursor);
    const result: Page<HistoryEntry> = await api<Page<HistoryEntry>>(
      "GET",
      `/applications/${encodeURIComponent(id)}/history?${query}`,
      signal ? { signal } : {},
    );
    entries.push(...result.items);
    cursor = result.nextCursor;
    if (cursor === null) break;
  }
  return entries;
}

/** Every member authority (for the demo sign-in). */
export async function fetchAuthorities(signal?: AbortSignal): Promise<Authority[]> {
  const page = await api<Page<Authority>>("GET", "/catalogue/authorities?limit=100", signal ? { signal } : {});
  return page.items;
}

/** The products of an authority, to name them in the queue. */
export async function fetchProducts(authorityId: string, signal?: AbortSignal): Promise<Product[]> {
  const query = new URLSearchParams({ authorityId, limit: "100" });
  const page = await api<Page<Product>>("GET", `/catalogue/products?${query}`, signal ? { signal } : {});
  return page.items;
}

/** One product: its name and the documents it requires. */
export function fetchProduct(productId: string, signal?: AbortSignal) {
  return api<Product>("GET", `/catalogue/products/${encodeURIComponent(productId)}`, signal ? { signal } : {});
}

/** The authority's dashboard figures over the last `days` days. */
export function fetchStats(days: number, signal?: AbortSignal) {
  return api<OfficerStats>("GET", `/officer/stats?days=${days}`, signal ? { signal } : {});
}
