import { decodeCredential } from "@entrada/identity/browser";
import { api } from "../api/api.ts";
import { type HolderRecord, loadHolder } from "./holderStore.ts";
import { identityKeys } from "./identityKeys.ts";
import type { CredentialList, DisclosureView, IdentityCurrent } from "./identityTypes.ts";

export { identityKeys };

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

/** `GET /identity/credentials`: the caller's credentials, to tell why a copy in this browser stopped. */
export function fetchCredentials(signal?: AbortSignal) {
  return api<CredentialList>("GET", "/identity/credentials", signal ? { signal } : {});
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
