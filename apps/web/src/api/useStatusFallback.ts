import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api } from "./api.ts";
import type { ApplicationStatus } from "./travellerTypes.ts";
import { useLiveConnected } from "./useLiveConnected.ts";

/** How often the status is polled while the live stream is down. */
export const statusPollMs = 5_000;

/**
 * The fallback of the live stream: while it is not connected, polls the cheap
 * `GET /applications/:id/status` every 5 s and, when the state version moves, refreshes the
 * application and its history, so the page still follows changes without a reload.
 *
 * @example
 * useStatusFallback(id, Boolean(me));
 */
export function useStatusFallback(id: string | undefined, enabled: boolean): void {
  const live = useLiveConnected();
  const queryClient = useQueryClient();
  const seen = useRef<number | undefined>(undefined);
  const { data } = useQuery({
    queryKey: ["applicationStatus", id ?? ""],
    queryFn: ({ signal }) => api<ApplicationStatus>("GET", `/applications/${id}/status`, { signal }),
    enabled: Boolean(id) && enabled && !live,
    refetchInterval: statusPollMs,
    retry: false,
  });
  useEffect(() => {
    if (!data || !id) return;
    if (seen.current !== undefined && seen.current !== data.stateVersion) {
      void queryClient.invalidateQueries({ queryKey: ["application", id] });
      void queryClient.invalidateQueries({ queryKey: ["history", id] });
      void queryClient.invalidateQueries({ queryKey: ["applications"] });
    }
    seen.current = data.stateVersion;
  }, [data, id, queryClient]);
}
