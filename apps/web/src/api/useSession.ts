import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { ApiError } from "./ApiError.ts";
import { api } from "./api.ts";
import type { Me } from "./types.ts";

/** The query key of the signed-in user. */
export const sessionKey = ["me"] as const;

/**
 * Who is signed in (`GET /me`), `null` when nobody is; and `signOut`. Every page that needs a user
 * reads it from here, so that signing in or out anywhere updates them all.
 */
export function useSession() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: sessionKey,
    queryFn: async () => {
      try {
        return await api<Me>("GET", "/me");
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 30_000,
  });
  const signOut = useCallback(async () => {
    await api("POST", "/auth/logout").catch(() => undefined);
    queryClient.setQueryData(sessionKey, null);
    await queryClient.invalidateQueries();
  }, [queryClient]);
  return { me: query.data ?? null, isLoading: query.isLoading, error: query.error, signOut };
}
