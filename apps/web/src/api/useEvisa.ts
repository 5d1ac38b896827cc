import { useQuery } from "@tanstack/react-query";
import { ApiError } from "./ApiError.ts";
import { api } from "./api.ts";
import type { Evisa } from "./travellerTypes.ts";

/**
 * The query key of an application's e-visa: under the application's own key, so that the live
 * events that refresh the application (issued, revoked) refresh its e-visa too.
 */
export const evisaKey = (id: string) => ["application", id, "evisa"] as const;

/** How many times a `404 ENTRADA_EVISA_NOT_ISSUED` is tried again: issuance follows the release by a moment. */
export const evisaNotIssuedRetries = 5;

/** Whether `error` says the e-visa is not signed yet. */
export function isEvisaNotIssued(error: unknown): boolean {
  return error instanceof ApiError && error.code === "ENTRADA_EVISA_NOT_ISSUED";
}

/**
 * The issued e-visa of an application (`GET /applications/:id/evisa`). The application turns
 * `issued` a moment before its e-visa is signed, so a "not issued" answer is tried again a few
 * times, 1 s, 2 s, 4 s… apart.
 *
 * @example
 * const { data: evisa } = useEvisa(application.state === "issued" ? application.id : undefined);
 */
export function useEvisa(id: string | undefined) {
  return useQuery({
    queryKey: evisaKey(id ?? ""),
    queryFn: ({ signal }) => api<Evisa>("GET", `/applications/${id}/evisa`, { signal }),
    enabled: Boolean(id),
    retry: (failures, error) => isEvisaNotIssued(error) && failures < evisaNotIssuedRetries,
    retryDelay: (attempt) => Math.min(1_000 * 2 ** attempt, 8_000),
  });
}
