import {
  type SealStatus,
  type SealVerification,
  type TrustedIssuerKey,
  type VisaSealData,
  verifyVisaSeal,
} from "@entrada/verify";

/** `GET /evisa/trust-list`: every authority's seal keys, and the revoked e-visas. */
export type EvisaTrustList = {
  generatedAt: string;
  keys: {
    authorityId: string;
    name: string;
    names: Record<string, string>;
    country: string;
    kid: string;
    publicJwk: JsonWebKey;
    notAfter: string | null;
  }[];
  revoked: { authorityId: string; statusIndex: number }[];
};

/** The trust list as this device keeps it, with when it was fetched. */
export type KeptTrustList = { list: EvisaTrustList; fetchedAt: string };

/** Where the page keeps the trust list, so it verifies with the network off. */
export const trustListStorageKey = "entrada.evisaTrustList";

/** The kept trust list, or `null` when none was kept (or it cannot be read). */
export function keptTrustList(storage: Storage = localStorage): KeptTrustList | null {
  try {
    const raw = storage.getItem(trustListStorageKey);
    if (raw === null) return null;
    const kept = JSON.parse(raw) as KeptTrustList;
    return Array.isArray(kept.list?.keys) && typeof kept.fetchedAt === "string" ? kept : null;
  } catch {
    return null;
  }
}

/**
 * Fetches the trust list and keeps it. `offline` when the service worker answered with its kept copy
 * (the network is down): the list is then as old as its `generatedAt`. Throws when there is no answer
 * at all (offline, and no worker or nothing kept).
 */
export async function refreshTrustList(
  now: Date = new Date(),
  storage: Storage = localStorage,
): Promise<{ kept: KeptTrustList; offline: boolean }> {
  // Revalidated, not the HTTP cache's copy: offline, that would pass for a fresh answer.
  const response = await fetch("/api/v1/evisa/trust-list", {
    cache: "no-cache",
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`GET /evisa/trust-list answered ${response.status}`);
  const list = (await response.json()) as EvisaTrustList;
  const offline = response.headers.get("x-entrada-offline") === "1";
  const kept = { list, fetchedAt: offline ? list.generatedAt : now.toISOString() };
  try {
    storage.setItem(trustListStorageKey, JSON.stringify(kept));
  } catch {
    // Storage full or refused (private mode): the page still verifies with the list in memory.
  }
  return { kept, offline };
}

/** What the page shows: the seal's verdict, the revocation included, and the key's authority. */
export type SealVerdict = {
  status: SealStatus;
  data: VisaSealData | undefined;
  authority: EvisaTrustList["keys"][number] | undefined;
};

/**
 * Verifies a seal's bytes offline with the kept trust list: the signature and dates by
 * `@entrada/verify`, then the list's revocations (by authority and the seal's status index).
 * Throws `ENTRADA_SEAL_MALFORMED` for bytes that are not a seal.
 */
export async function verifyWithTrustList(seal: Uint8Array, list: EvisaTrustList, now: Date): Promise<SealVerdict> {
  const keys: TrustedIssuerKey[] = list.keys.map((key) => ({
    authorityId: key.authorityId,
    kid: key.kid,
    publicJwk: key.publicJwk,
    name: key.name,
    ...(key.notAfter === null ? {} : { notAfter: key.notAfter }),
  }));
  const result: SealVerification = await verifyVisaSeal(seal, { keys, now });
  let status = result.status;
  const data = result.data;
  if (
    data !== undefined &&
    status !== "forged" &&
    list.revoked.some((entry) => entry.authorityId === data.authorityId && entry.statusIndex === data.statusIndex)
  ) {
    status = "revoked";
  }
  return { status, data, authority: list.keys.find((key) => key.authorityId === result.authorityId) };
}
