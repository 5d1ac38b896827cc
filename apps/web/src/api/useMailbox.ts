import { useQuery } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { MailboxItem } from "./travellerTypes.ts";

/**
 * The development mailbox (`GET /dev/mailbox`, local chain only): the e-mails and SMS Entrada
 * would have sent, newest first, refreshed every few seconds.
 *
 * @example
 * const { data: items = [] } = useMailbox(config.features.mailbox);
 */
export function useMailbox(enabled: boolean) {
  return useQuery({
    queryKey: ["mailbox"],
    queryFn: async ({ signal }) => (await api<{ items: MailboxItem[] }>("GET", "/dev/mailbox", { signal })).items,
    enabled,
    refetchInterval: 5_000,
  });
}
