import { useQuery } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { ApplicationDetails } from "./travellerTypes.ts";
import type { ApplicationSummary, Page } from "./types.ts";
import type { Profile } from "./useProfile.ts";

/** The contact answers a returning traveller need not type again. */
export const contactFields = ["email", "phone", "home_address"] as const;
/** One of {@link contactFields}. */
export type ContactField = (typeof contactFields)[number];

/**
 * What to fill a new application's contact answers with: the e-mail, phone and home address of the
 * traveller's newest application, the e-mail replaced by their verified notification address when
 * they have one. Empty for a first application.
 *
 * @example
 * const { data: known } = useContactPrefill(Boolean(me)); // { email: "ana@example.org", phone: "+34 600 000 000" }
 */
export function useContactPrefill(enabled: boolean) {
  return useQuery({
    queryKey: ["contact-prefill"],
    queryFn: async ({ signal }): Promise<Partial<Record<ContactField, string>>> => {
      const [profile, page] = await Promise.all([
        api<Profile>("GET", "/me/profile", { signal }),
        api<Page<ApplicationSummary>>("GET", "/applications?limit=1", { signal }),
      ]);
      const newest = page.items[0];
      const answers = newest
        ? (await api<ApplicationDetails>("GET", `/applications/${newest.id}`, { signal })).answers
        : {};
      const known: Partial<Record<ContactField, string>> = {};
      for (const field of contactFields) {
        const value = answers[field]?.trim();
        if (value) known[field] = value;
      }
      if (profile.email) known.email = profile.email;
      return known;
    },
    enabled,
    // Read once per visit: the traveller's own edits must not be overwritten by a refetch.
    staleTime: Number.POSITIVE_INFINITY,
  });
}
