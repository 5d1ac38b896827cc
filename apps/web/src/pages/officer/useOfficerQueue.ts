import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { fetchQueuePage, officerKeys } from "./officerQueries.ts";
import type { OfficerQueuePage } from "./officerTypes.ts";
import type { QueueFilter } from "./queueFilters.ts";

/**
 * The authority's queue in a view and with a search, oldest deadline first, a page at a time ("load
 * more"): one request per page, each row complete (applicant, amount paid, overdue), the counts from
 * the server on the first page. Kept under `"officerQueue"`, which live events patch in place
 * (patchOfficerQueues) instead of refetching.
 */
export function useOfficerQueue(authorityId: string, filter: QueueFilter, search: string) {
  const query = useInfiniteQuery({
    queryKey: officerKeys.queue(authorityId, filter, search),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }): Promise<OfficerQueuePage> =>
      fetchQueuePage({ filter, search, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Live events keep it current; a page read again only when the officer comes back to it later.
    staleTime: 60_000,
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return {
    items,
    counts: query.data?.pages[0]?.counts ?? null,
    isLoading: query.isLoading,
    error: query.error,
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
    isLoadingMore: query.isFetchingNextPage,
    refetch: () => void query.refetch(),
  };
}
