import { api } from "../../api/api.ts";
import type {
  Application,
  ApplicationState,
  ApplicationSummary,
  Authority,
  HistoryEntry,
  Page,
  Product,
} from "../../api/types.ts";
import type { OfficerStats } from "./officerTypes.ts";

/**
 * The officer pages' query keys. Everything that changes with the applications starts with
 * `"officer"`, so the live stream (live/useLiveEvents.ts) refreshes it on every event; the authority
 * is part of the key, so another authority's sign-in never sees this one's cache. What does not change
 * with events (the catalogue, a queue row's applicant) lives under its own prefix and is not refetched
 * on every event.
 */
export const officerKeys = {
  all: ["officer"] as const,
  queue: (authorityId: string, states: readonly (ApplicationState | null)[]) =>
    ["officer", authorityId, "queue", states.map((state) => state ?? "all").join(",")] as const,
  application: (authorityId: string, id: string) => ["officer", authorityId, "application", id] as const,
  byReference: (authorityId: string, reference: string) => ["officer", authorityId, "reference", reference] as const,
  history: (authorityId: string, id: string) => ["officer", authorityId, "history", id] as const,
  stats: (authorityId: string, days: number) => ["officer", authorityId, "stats", days] as const,
  /** A queue row's applicant and paid amount: fixed once paid, so not refreshed by live events. */
  row: (authorityId: string, id: string) => ["officerRow", authorityId, id] as const,
  authorities: () => ["officerCatalogue", "authorities"] as const,
  products: (authorityId: string) => ["officerCatalogue", "products", authorityId] as const,
  product: (productId: string) => ["officerCatalogue", "product", productId] as const,
};

/** Page size of the queue. */
export const queuePageSize = 25;

/** One page of the authority's applications in a state (`null`: all), oldest first. */
export function fetchQueuePage(state: ApplicationState | null, cursor: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: String(queuePageSize) });
  if (state !== null) query.set("state", state);
  if (cursor !== null) query.set("cursor", cursor);
  return api<Page<ApplicationSummary>>("GET", `/officer/applications?${query}`, signal ? { signal } : {});
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

/**
 * The authority's application of a short reference (`ENT-7K3Q-9XPA`), loaded in the queue or not;
 * `null` when it has none of that reference.
 */
export async function fetchByReference(reference: string, signal?: AbortSignal): Promise<ApplicationSummary | null> {
  const query = new URLSearchParams({ reference, limit: "1" });
  const page = await api<Page<ApplicationSummary>>("GET", `/officer/applications?${query}`, signal ? { signal } : {});
  return page.items[0] ?? null;
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
