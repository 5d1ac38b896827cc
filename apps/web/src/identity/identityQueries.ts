import { decodeCredential } from "@entrada/identity/browser";
import { api } from "../api/api.ts";
import { type HolderRecord, loadHolder } from "./holderStore.ts";
import type { DisclosureView, IdentityCurrent } from "./identityTypes.ts";

/**
 * The identity pages' query keys: everything of a user under `["identity", userId]`, so that a
 * sign-out (which invalidates every query) or another user's sign-in never shows another's wallet.
 */
export const identityKeys = {
  all: ["identity"] as const,
  user: (userId: string) => ["identity", userId] as const,
  holder: (userId: string) => ["identity", userId, "holder"] as const,
  current: (userId: string) => ["identity", userId, "current"] as const,
  disclosures: (userId: string) => ["identity", userId, "disclosures"] as const,
  reviews: () => ["kycReviews"] as const,
};

/** The holder's wallet as the pages read it: the record, and its credential decoded (or `null`). */
export type Holder = {
  record: HolderRecord | null;
  decoded: Awaited<ReturnType<typeof decodeCredential>> | null;
};

/** Reads the user's holder record from IndexedDB and decodes its credential. */
export async function fetchHolder(userId: string): Promise<Holder> {
  const record = await loadHolder(userId);
  // A credential that cannot be read is no credential: the traveller verifies again.
  const decoded = record?.credential ? await decodeCredential(record.credential).catch(() => null) : null;
  return { record, decoded };
}

/** `GET /identity/verifications/current`. */
export function fetchIdentityCurrent(signal?: AbortSignal) {
  return api<IdentityCurrent>("GET", "/identity/verifications/current", signal ? { signal } : {});
}

/** Every disclosure of the caller, newest first (read page by page; a person has few). */
export async function fetchDisclosures(signal?: AbortSignal): Promise<DisclosureView[]> {
  const items: DisclosureView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const query = new URLSearchParams({ limit: "100" });
    if (cursor !== null) query.set("cursor", cursor);
    const result: { items: DisclosureView[]; nextCursor: string | null } = await api(
      "GET",
      `/identity/disclosures?${query}`,
      signal ? { signal } : {},
    );
    items.push(...result.items);
    cursor = result.nextCursor;
    if (cursor === null) break;
  }
  return items;
}
