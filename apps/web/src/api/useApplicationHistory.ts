import { useQuery } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { HistoryEntry, Page } from "./types.ts";

/** The query key of an application's audit trail; the live stream invalidates it. */
export const historyKey = (id: string) => ["history", id] as const;

/**
 * Every change of an application, oldest first (`GET /applications/:id/history`, all pages).
 *
 * @example
 * const { data: history = [] } = useApplicationHistory(id);
 */
export function useApplicationHistory(id: string | undefined) {
  return useQuery({
    queryKey: historyKey(id ?? ""),
    queryFn: async ({ signal }) => {
      const entries: HistoryEntry[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const page: Page<HistoryEntry> = await api<Page<HistoryEntry>>("GET", `/applications/${id}/history${query}`, {
          signal,
        });
        entries.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return entries;
    },
    enabled: Boolean(id),
  });
}
