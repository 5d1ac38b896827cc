import { useQuery } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { ApplicationDetails } from "./travellerTypes.ts";

/** The query key of one application; the live stream invalidates it on every change. */
export const applicationKey = (id: string) => ["application", id] as const;

/**
 * One application with its applicant, answers, quote and the actions the reader may take
 * (`GET /applications/:id`). Kept fresh by the live stream (and {@link useStatusFallback}).
 *
 * @example
 * const { data: application } = useApplication(id);
 */
export function useApplication(id: string | undefined) {
  return useQuery({
    queryKey: applicationKey(id ?? ""),
    queryFn: ({ signal }) => api<ApplicationDetails>("GET", `/applications/${id}`, { signal }),
    enabled: Boolean(id),
  });
}
