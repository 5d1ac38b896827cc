import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/api.ts";
import type { Application } from "../../api/types.ts";
import { officerKeys } from "./officerQueries.ts";
import type { SettlementRetryResult } from "./officerTypes.ts";
import { newIdempotencyKey } from "./useDecision.ts";

/**
 * Retries the application's blocked settlement now (`POST …/settlement/retry`), once its cause is
 * fixed. The answer's settlement replaces the cached one at once (still `blocked`, with the reason,
 * when the cause is not fixed); the application is read again as the settlement may have moved it on.
 */
export function useSettlementRetry(authorityId: string, applicationId: string) {
  const queryClient = useQueryClient();
  const applicationKey = officerKeys.application(authorityId, applicationId);
  return useMutation({
    mutationFn: () =>
      api<SettlementRetryResult>(
        "POST",
        `/officer/applications/${encodeURIComponent(applicationId)}/settlement/retry`,
        {
          body: {},
          idempotencyKey: newIdempotencyKey(),
        },
      ),
    onSuccess: ({ settlement }) => {
      queryClient.setQueryData<Application>(applicationKey, (current) =>
        current === undefined ? current : { ...current, settlement },
      );
      void queryClient.invalidateQueries({ queryKey: applicationKey });
    },
  });
}
