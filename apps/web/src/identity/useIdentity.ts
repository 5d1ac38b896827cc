import { useQuery } from "@tanstack/react-query";
import { useSession } from "../api/useSession.ts";
import { type CredentialState, credentialState } from "./credentialState.ts";
import { HolderStorageUnavailableError } from "./holderStore.ts";
import { fetchCredentials, fetchHolder, fetchIdentityCurrent, type Holder, identityKeys } from "./identityQueries.ts";
import type { CredentialView, IdentityCurrent } from "./identityTypes.ts";

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
  /** The server's view of the credential held here when it is not the newest (moved, revoked), else `null`. */
  heldView: CredentialView | null;
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
  const newest = current.data?.credential ?? null;
  // Only a copy here that is not the server's newest needs its own row: to tell "moved" from revoked.
  const heldIsOlder =
    held?.status !== undefined &&
    current.data !== undefined &&
    (newest === null || held.status.idx !== newest.statusList.index || held.status.uri !== newest.statusList.uri);
  const credentials = useQuery({
    queryKey: identityKeys.credentials(userId ?? "-"),
    queryFn: ({ signal }) => fetchCredentials(signal),
    enabled: userId !== null && heldIsOlder,
    staleTime: 10_000,
  });
  const heldView =
    heldIsOlder && held?.status
      ? (credentials.data?.items.find(
          (item) => item.statusList.index === held.status!.idx && item.statusList.uri === held.status!.uri,
        ) ?? null)
      : null;
  const state =
    current.data && (holder.data || storageUnavailable) && !(heldIsOlder && credentials.isLoading)
      ? credentialState(
          held ? { expiresAt: held.expiresAt, status: held.status } : null,
          current.data,
          new Date(),
          heldView,
        )
      : null;
  return {
    userId,
    sessionKnown: !sessionLoading,
    holder: holder.data ?? null,
    current: current.data ?? null,
    heldView,
    state,
    storageUnavailable,
    isLoading:
      sessionLoading ||
      (userId !== null && (holder.isLoading || current.isLoading || (heldIsOlder && credentials.isLoading))),
    error: current.error ?? (storageUnavailable ? null : holder.error),
    refetch: () => {
      void holder.refetch();
      void current.refetch();
      if (heldIsOlder) void credentials.refetch();
    },
  };
}
