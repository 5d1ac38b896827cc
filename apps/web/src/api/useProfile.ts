import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./api.ts";

/** Where and in which language the signed-in user is told (`GET /me/profile`). */
export type Profile = {
  /** The verified address every change of their applications is e-mailed to; `null`: no e-mail. */
  email: string | null;
  /** An address a code was sent to that can still be entered. */
  pendingEmail: string | null;
  locale: "en" | "zh" | "es";
};

/** The query key of the profile; verifying an address updates it. */
export const profileKey = ["profile"] as const;

/**
 * The signed-in user's profile, and the two steps that verify an address: `send` e-mails a code to
 * it (in the user's language), `confirm` enters the code, after which the address is theirs.
 *
 * @example
 * const { profile, send, confirm } = useProfile(Boolean(me));
 * send.mutate("ana@example.org"); // then confirm.mutate({ email: "ana@example.org", code: "042917" })
 */
export function useProfile(enabled: boolean) {
  const queryClient = useQueryClient();
  const profile = useQuery({
    queryKey: profileKey,
    queryFn: ({ signal }) => api<Profile>("GET", "/me/profile", { signal }),
    enabled,
    staleTime: 10_000,
  });
  const send = useMutation({
    mutationFn: (email: string) =>
      api<{ status: "sent" | "verified"; email: string; expiresAt: string | null }>("POST", "/me/email/verification", {
        body: { email },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: profileKey }),
  });
  const confirm = useMutation({
    mutationFn: (input: { email: string; code: string }) =>
      api<Profile>("POST", "/me/email/verification/confirm", { body: input }),
    onSuccess: (updated) => queryClient.setQueryData(profileKey, updated),
  });
  const stop = useMutation({
    mutationFn: () => api<Profile>("PATCH", "/me/profile", { body: { email: null } }),
    onSuccess: (updated) => queryClient.setQueryData(profileKey, updated),
  });
  return { profile, send, confirm, stop };
}
