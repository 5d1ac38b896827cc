import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/api.ts";
import type { Evisa } from "../../api/travellerTypes.ts";
import { evisaKey } from "../../api/useEvisa.ts";
import { officerKeys } from "./officerQueries.ts";

/** A revocation as sent: the key makes a retry of the same revocation safe. */
export type EvisaRevokeVariables = { reason: string; idempotencyKey: string };

/**
 * Revokes the application's e-visa (`POST /applications/:id/evisa/revoke { reason }`): its status
 * list entry turns invalid and the traveller is e-mailed. The answer (the e-visa, now `revoked`)
 * replaces the cached e-visa at once; the audit trail is read again. The server keeps the first
 * revocation, so a retry changes nothing.
 *
 * @example
 * const revoke = useEvisaRevoke(authorityId, applicationId);
 * revoke.mutate({ reason: "Passport reported lost", idempotencyKey: newIdempotencyKey() }); // useDecision.ts
 */
export function useEvisaRevoke(authorityId: string, applicationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reason, idempotencyKey }: EvisaRevokeVariables) =>
      api<Evisa>("POST", `/applications/${encodeURIComponent(applicationId)}/evisa/revoke`, {
        body: { reason: reason.trim() },
        idempotencyKey,
      }),
    onSuccess: (evisa) => {
      queryClient.setQueryData(evisaKey(applicationId), evisa);
      void queryClient.invalidateQueries({ queryKey: officerKeys.history(authorityId, applicationId) });
    },
  });
}
