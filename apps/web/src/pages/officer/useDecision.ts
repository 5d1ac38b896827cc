import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/ApiError.ts";
import { api } from "../../api/api.ts";
import type { Application } from "../../api/types.ts";
import type { DecisionAction } from "./decisionActions.ts";
import { officerKeys } from "./officerQueries.ts";
import type { DecisionResult, Settlement } from "./officerTypes.ts";

/** A decision as sent: the key makes a retry of the same decision safe (never two settlements). */
export type DecisionVariables = {
  action: DecisionAction;
  reason: string;
  idempotencyKey: string;
  /** With `request_info`: the documents the applicant must upload. */
  documents?: readonly string[];
};

/** What a decision answered: the application as it is now, and the settlement sent, if any. */
export type DecisionOutcome = { action: DecisionAction; application: Application; settlement: Settlement | null };

const paths: Record<DecisionAction, string> = {
  request_info: "request-info",
  approve: "approve",
  reject: "reject",
};

/**
 * The officer's decisions on an application: request information, approve (the escrow is released
 * to the authority) or reject (the payer is refunded). The answer replaces the cached application at
 * once; the trail and queue are refreshed. When the application moved on meanwhile, it is read again,
 * so the page shows what is true now.
 */
export function useDecision(authorityId: string, applicationId: string) {
  const queryClient = useQueryClient();
  const applicationKey = officerKeys.application(authorityId, applicationId);
  return useMutation({
    mutationFn: async ({ action, reason, idempotencyKey, documents }: DecisionVariables): Promise<DecisionOutcome> => {
      const path = `/officer/applications/${encodeURIComponent(applicationId)}/${paths[action]}`;
      const body = {
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(action === "request_info" && documents?.length ? { documents } : {}),
      };
      if (action === "request_info") {
        const application = await api<Application>("POST", path, { body, idempotencyKey });
        return { action, application, settlement: null };
      }
      const result = await api<DecisionResult>("POST", path, { body, idempotencyKey });
      return { action, application: result.application, settlement: result.settlement };
    },
    onSuccess: ({ application }) => {
      queryClient.setQueryData(applicationKey, application);
      void queryClient.invalidateQueries({ queryKey: officerKeys.history(authorityId, applicationId) });
      void queryClient.invalidateQueries({ queryKey: ["officer", authorityId, "queue"] });
    },
    onError: (error) => {
      // The decision may have been recorded before the settlement failed, or the application moved on.
      if (error instanceof ApiError && error.status !== 400) {
        void queryClient.invalidateQueries({ queryKey: applicationKey });
        void queryClient.invalidateQueries({ queryKey: officerKeys.history(authorityId, applicationId) });
      }
    },
  });
}

/** A fresh idempotency key for one decision (a retry of that decision reuses it). */
export function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
