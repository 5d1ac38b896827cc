import { identityKeys } from "../identity/identityKeys.ts";

/** A query key to invalidate: a prefix, as `invalidateQueries({ queryKey })` takes it. */
export type LiveQueryKey = readonly unknown[];

/**
 * The queries a live event touches, to be refreshed: for an application's events, the application,
 * its history, the lists and the officer's pages under `"officer"` (not the queue: it is patched); for a KYC reviewer's decision
 * (`identity.review_decided`), the traveller's newest identity check, so that the identity page
 * moves on at once instead of at its next 15 s poll.
 *
 * @example
 * liveEventQueryKeys("identity.review_decided", { userId: "u1", decision: "pass" }); // [["identity", "u1", "current"]]
 */
export function liveEventQueryKeys(topic: string, payload: Record<string, unknown>): LiveQueryKey[] {
  if (topic.startsWith("identity.")) {
    return typeof payload.userId === "string" ? [identityKeys.current(payload.userId)] : [];
  }
  const applicationId = typeof payload.applicationId === "string" ? payload.applicationId : undefined;
  return [
    ...(applicationId ? [["application", applicationId] as const, ["history", applicationId] as const] : []),
    ["applications"],
    ["officer"],
  ];
}
