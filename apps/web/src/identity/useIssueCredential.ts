import { useMutation, useQueryClient } from "@tanstack/react-query";
import { identityKeys } from "./identityQueries.ts";
import { issueCredential } from "./issueCredential.ts";

/**
 * Issues the user's credential into this browser (see {@link issueCredential}) and refreshes what
 * the pages know of their identity.
 *
 * @example
 * const issue = useIssueCredential(me.id);
 * <button onClick={() => issue.mutate()}>Get my credential</button>
 */
export function useIssueCredential(userId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => {
      if (userId === null) throw new Error("not signed in");
      return issueCredential(userId);
    },
    onSettled: async () => {
      if (userId !== null) await queryClient.invalidateQueries({ queryKey: identityKeys.user(userId) });
    },
  });
}
