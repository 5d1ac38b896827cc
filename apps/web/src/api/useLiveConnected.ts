import { useQuery } from "@tanstack/react-query";
import { liveConnectedKey } from "../live/useLiveEvents.ts";

/**
 * Whether the live stream (opened by the layout) is connected right now; `false` until it opens.
 *
 * @example
 * const live = useLiveConnected(); // poll only when !live
 */
export function useLiveConnected(): boolean {
  const { data } = useQuery<boolean>({
    queryKey: liveConnectedKey,
    queryFn: () => false,
    enabled: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return data === true;
}
