import { useQuery } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { PaymentDetails } from "./travellerTypes.ts";

/**
 * How to pay an application's open quote (`GET /applications/:id/payment`). Its key sits under the
 * application's, so a change of the application (a new quote, a payment) refreshes it too.
 *
 * @example
 * const { data: payment, error } = usePaymentDetails(id, application.state === "payment_pending");
 */
export function usePaymentDetails(applicationId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["application", applicationId, "payment"],
    queryFn: ({ signal }) => api<PaymentDetails>("GET", `/applications/${applicationId}/payment`, { signal }),
    enabled,
    retry: false,
  });
}
