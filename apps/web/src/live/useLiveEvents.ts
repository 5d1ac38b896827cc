import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { liveEventQueryKeys } from "./liveEventQueryKeys.ts";

/** An event of the live stream (docs/api.md, "Events"). */
export type LiveEvent = { id: string; topic: string; payload: Record<string, unknown> };

/** The topics the app listens to. */
export const liveTopics = [
  "application.state_changed",
  "payment.confirmed",
  "payment.reorged",
  "application.claim_available",
  "identity.review_decided",
] as const;

/** The query key of the latest confirmation count seen for an application's payment. */
export const confirmationsKey = (applicationId: string) => ["confirmations", applicationId] as const;

/** The query key of whether the live stream is open, for pages that poll while it is not. */
export const liveConnectedKey = ["live", "connected"] as const;

/**
 * Follows `GET /events/stream` while someone is signed in: each event refreshes the queries it
 * touches ({@link liveEventQueryKeys}: the application, its history, the lists, the officer's
 * dashboard; the traveller's identity check after a KYC reviewer's decision), and patches the
 * officer's open queues in place (patchOfficerQueues), so every page shows changes without a reload. `EventSource` reconnects by itself with `Last-Event-ID`.
 * Returns whether the stream is open, for the "live" indicator.
 */
export function useLiveEvents(enabled: boolean): { connected: boolean } {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const source = new EventSource("/api/v1/events/stream", { withCredentials: true });
    const onEvent = (event: MessageEvent<string>) => {
      const payload = JSON.parse(event.data) as Record<string, unknown>;
      const applicationId = typeof payload.applicationId === "string" ? payload.applicationId : undefined;
      if (applicationId && typeof payload.confirmations === "number") {
        queryClient.setQueryData(confirmationsKey(applicationId), payload.confirmations);
      }
      for (const queryKey of liveEventQueryKeys(event.type, payload)) {
        void queryClient.invalidateQueries({ queryKey });
      }
      // The officer's queue is patched, not refetched: a decision must not reread every open queue.
      // Loaded only where a queue is open, so travellers' pages do not carry the officer's code.
      if (queryClient.getQueryCache().findAll({ queryKey: ["officerQueue"] }).length > 0) {
        void import("../pages/officer/patchOfficerQueues.ts").then(({ patchOfficerQueues }) =>
          patchOfficerQueues(queryClient, event.type, payload),
        );
      }
    };
    for (const topic of liveTopics) source.addEventListener(topic, onEvent);
    const report = (open: boolean) => {
      setConnected(open);
      queryClient.setQueryData(liveConnectedKey, open);
    };
    source.onopen = () => report(true);
    source.onerror = () => report(source.readyState === EventSource.OPEN);
    return () => {
      source.close();
      report(false);
    };
  }, [enabled, queryClient]);
  return { connected };
}
