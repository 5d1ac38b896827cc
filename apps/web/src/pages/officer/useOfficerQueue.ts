import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { foldQueueReads, mergeQueueStreams, type QueueRead } from "./mergeQueueStreams.ts";
import { fetchQueuePage, officerKeys } from "./officerQueries.ts";
import { type QueueFilter, queueStreams } from "./queueFilters.ts";

/** Which lists to read next and from where (`null`: the first page). */
type QueuePageParam = { stream: number; cursor: string | null }[];

/**
 * The authority's queue for a filter, oldest first, a page at a time ("load more"). A filter that
 * spans several states reads each state's list and merges them in order (mergeQueueStreams). Keyed
 * under `"officer"`, so every live event refreshes it.
 */
export function useOfficerQueue(authorityId: string, filter: QueueFilter) {
  const states = useMemo(() => queueStreams(filter), [filter]);
  const query = useInfiniteQuery({
    queryKey: officerKeys.queue(authorityId, states),
    initialPageParam: states.map((_, stream) => ({ stream, cursor: null })) as QueuePageParam,
    queryFn: async ({ pageParam, signal }): Promise<QueueRead> =>
      Promise.all(
        pageParam.map(async ({ stream, cursor }) => {
          const page = await fetchQueuePage(states[stream] ?? null, cursor, signal);
          return { stream, items: page.items, nextCursor: page.nextCursor };
        }),
      ),
    getNextPageParam: (_last, reads): QueuePageParam | undefined => {
      const streams = foldQueueReads(states.length, reads);
      const { next } = mergeQueueStreams(streams);
      return next.length === 0 ? undefined : next.map((stream) => ({ stream, cursor: streams[stream]!.nextCursor }));
    },
  });
  const merged = useMemo(
    () => mergeQueueStreams(foldQueueReads(states.length, query.data?.pages ?? [])),
    [states.length, query.data],
  );
  return {
    items: merged.items,
    isLoading: query.isLoading,
    error: query.error,
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
    isLoadingMore: query.isFetchingNextPage,
    refetch: () => void query.refetch(),
  };
}
