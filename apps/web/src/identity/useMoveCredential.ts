import { useMutation, useQueryClient } from "@tanstack/react-query";
import { identityKeys } from "./identityQueries.ts";
import { moveCredential } from "./moveCredential.ts";

/**
 * Moves the user's active credential into this browser (see {@link moveCredential}) and refreshes
 * what the pages know of their identity.
 *
 * @example
 * const move = useMoveCredential(me.id);
 * <button onClick={() => move.mutate(current.credential.id)}>Move my credential to this device</button>
 */
export function useMoveCredential(userId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentialId: string) => {
      if (userId === null) throw new Error("not signed in");
      return moveCredential(userId, credentialId);
    },
    onSettled: async () => {
      if (userId !== null) await queryClient.invalidateQueries({ queryKey: identityKeys.user(userId) });
    },
  });
}
