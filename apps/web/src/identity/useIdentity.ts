import { useQuery } from "@tanstack/react-query";
import { useSession } from "../api/useSession.ts";
import { type CredentialState, credentialState } from "./credentialState.ts";
import { HolderStorageUnavailableError } from "./holderStore.ts";
import { fetchHolder, fetchIdentityCurrent, type Holder, identityKeys } from "./identityQueries.ts";
import type { IdentityCurrent } from "./identityTypes.ts";

/** What {@link useIdentity} answers. */
export type IdentityInfo = {
  /** The signed-in user's id, or `null`. */
  userId: string | null;
  /** Whether the session is known (until then `userId` is `null` whoever is signed in). */
  sessionKnown: boolean;
  /** The wallet in this browser (`null` until read, or without a user). */
  holder: Holder | null;
  /** The server's view of the newest check and credential. */
  current: IdentityCurrent | null;
  /** Where the traveller stands; `null` until both are read. */
  state: CredentialState | null;
  /** This browser cannot keep a credential (no IndexedDB): the typed path only. */
  storageUnavailable: boolean;
  isLoading: boolean;
  error: unknown;
  refetch: () => void;
};

/**
 * How often a check under manual review is asked about again, so a reviewer's decision shows even
 * without the live stream (which refreshes it at once on `identity.review_decided`).
 */
const reviewPollMs = 15_000;

/**
 * The signed-in traveller's identity: the credential held in this browser (IndexedDB) and the
 * server's newest check and credential, with the {@link CredentialState} they make. While a check
 * waits for a reviewer, the server is asked again now and then, so the page moves on by itself.
 *
 * @example
 * const { state, holder } = useIdentity();
 * if (state === "usable") … presentIdentity({ productId, holder: holder.record })
 */
export function useIdentity(): IdentityInfo {
  const { me, isLoading: sessionLoading } = useSession();
  const userId = me?.id ?? null;
  const holder = useQuery({
    queryKey: identityKeys.holder(userId ?? "-"),
    queryFn: () => fetchHolder(userId!),
    enabled: userId !== null,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const current = useQuery({
    queryKey: identityKeys.current(userId ?? "-"),
    queryFn: ({ signal }) => fetchIdentityCurrent(signal),
    enabled: userId !== null,
    staleTime: 10_000,
    refetchInterval: (query) => (query.state.data?.verification?.status === "flagged" ? reviewPollMs : false),
  });
  const storageUnavailable = holder.error instanceof HolderStorageUnavailableError;
  const held = holder.data?.decoded ?? null;
  const state =
    current.data && (holder.data || storageUnavailable)
      ? credentialState(held ? { expiresAt: held.expiresAt, status: held.status } : null, current.data, new Date())
      : null;
  return {
    userId,
    sessionKnown: !sessionLoading,
    holder: holder.data ?? null,
    current: current.data ?? null,
    state,
    storageUnavailable,
    isLoading: sessionLoading || (userId !== null && (holder.isLoading || current.isLoading)),
    error: current.error ?? (storageUnavailable ? null : holder.error),
    refetch: () => {
      void holder.refetch();
      void current.refetch();
    },
  };
}
