import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { ApplicationSummary, Page } from "./types.ts";

/**
 * The signed-in traveller's applications, newest first, a page at a time (`GET /applications`).
 * Its key starts with `["applications"]`, which the live stream invalidates on every change.
 *
 * @example
 * const { data, fetchNextPage, hasNextPage } = useApplications(Boolean(me));
 */
export function useApplications(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["applications", "mine"],
    queryFn: ({ pageParam, signal }) =>
      api<Page<ApplicationSummary>>(
        "GET",
        `/applications?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
        { signal },
      ),
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled,
  });
}
