import { useQueries } from "@tanstack/react-query";
import type { ApplicationSummary, Money } from "../../api/types.ts";
import { fetchOfficerApplication, officerKeys } from "./officerQueries.ts";

/** What a queue row shows beyond the list's summary (which carries no personal data). */
export type QueueRowDetails = { applicantName: string; nationality: string; paid: Money | null };

/**
 * The applicant's name and nationality and the amount paid of each queue row, from the
 * application's detail (the list carries no personal data). They do not change once paid, so they
 * are read once per application, not on every live event. `undefined` while a row's details load.
 */
export function useQueueRows(authorityId: string, items: readonly ApplicationSummary[]) {
  const results = useQueries({
    queries: items.map((item) => ({
      queryKey: officerKeys.row(authorityId, item.id),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchOfficerApplication(item.id, signal),
      select: (application: Awaited<ReturnType<typeof fetchOfficerApplication>>): QueueRowDetails => ({
        applicantName: `${application.applicant.givenNames} ${application.applicant.surname}`.trim(),
        nationality: application.applicant.nationality,
        paid: application.quote?.status === "paid" ? application.quote.total : null,
      }),
      staleTime: Number.POSITIVE_INFINITY,
      retry: 1,
    })),
  });
  const details = new Map<string, QueueRowDetails | undefined>();
  items.forEach((item, i) => {
    details.set(item.id, results[i]?.data);
  });
  return details;
}
