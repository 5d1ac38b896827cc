import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api } from "./api.ts";
import type { Me } from "./types.ts";

/** The query key of the signed-in user. */
export const sessionKey = ["me"] as const;

/**
 * Who is signed in (`GET /auth/session`), `null` when nobody is; and `signOut`. Every page that needs a user
 * reads it from here, so that signing in or out anywhere updates them all.
 */
export function useSession() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: sessionKey,
    // 200 with `null` when nobody is signed in: a 401 would be logged by the browser on every visit.
    queryFn: async () => (await api<{ user: Me | null }>("GET", "/auth/session")).user,
    staleTime: 30_000,
  });
  const signOut = useCallback(async () => {
    await api("POST", "/auth/logout").catch(() => undefined);
    queryClient.setQueryData(sessionKey, null);
    await queryClient.invalidateQueries();
  }, [queryClient]);
  return { me: query.data ?? null, isLoading: query.isLoading, error: query.error, signOut };
}
