import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { api } from "./api.ts";
import { newIdempotencyKey } from "./newIdempotencyKey.ts";
import type { QuoteDetails } from "./travellerTypes.ts";
import type { StablecoinSymbol } from "./types.ts";

/**
 * Parameters of the mutation {@link useRequote} returns: the token, the chain it is on (default: the
 * default chain), and a payer other than the caller's wallet.
 */
export type RequoteParameters = { token: StablecoinSymbol; chainId?: number; payer?: Address };

/**
 * A new quote for the application (`POST /applications/:id/quote`), superseding the open one; then
 * the application, its history and the list are read again. `onQuoted` runs first (the payment panel
 * forgets the failed payment of the old quote).
 *
 * @example
 * const requote = useRequote(id, () => payment.reset());
 * requote.mutate({ token: "USDT", chainId: 1337 });
 */
export function useRequote(applicationId: string, onQuoted?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (parameters: RequoteParameters) =>
      api<QuoteDetails>("POST", `/applications/${applicationId}/quote`, {
        body: {
          token: parameters.token,
          ...(parameters.chainId === undefined ? {} : { chainId: parameters.chainId }),
          ...(parameters.payer ? { payer: parameters.payer } : {}),
        },
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: async () => {
      onQuoted?.();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["application", applicationId] }),
        queryClient.invalidateQueries({ queryKey: ["history", applicationId] }),
        queryClient.invalidateQueries({ queryKey: ["applications"] }),
      ]);
    },
  });
}
