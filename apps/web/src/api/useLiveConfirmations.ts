import { useQuery } from "@tanstack/react-query";
import { confirmationsKey } from "../live/useLiveEvents.ts";

/**
 * The latest confirmation count the live stream reported for an application's payment
 * (`payment.confirmed`, `payment.reorged`), or `undefined` before any.
 *
 * @example
 * const confirmations = useLiveConfirmations(id);
 */
export function useLiveConfirmations(applicationId: string | undefined): number | undefined {
  const { data } = useQuery<number>({
    queryKey: confirmationsKey(applicationId ?? ""),
    queryFn: () => 0,
    enabled: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return data;
}
