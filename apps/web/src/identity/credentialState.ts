import type { CredentialView, IdentityCurrent } from "./identityTypes.ts";

/**
 * Where the traveller stands with their identity, in this browser:
 *
 * | state | meaning | what the identity step offers |
 * | --- | --- | --- |
 * | `usable` | a credential here that the server still knows as active | "Use my verified identity" |
 * | `movable` | an active credential on another device, none usable here | "Move my credential to this device" |
 * | `moved` | the credential here was moved to another device (still active there) | what happened; "Move it back here" |
 * | `issuable` | a passed check and no active credential anywhere | "Get my credential on this browser" |
 * | `flagged` | the check waits for a reviewer | typed details, "under manual review" |
 * | `failed` | the check failed | the reasons, "Try again", typed details |
 * | `revoked` / `expired` | the credential here can no longer be used | verify again |
 * | `unverified` | nothing yet | "Verify your identity once" |
 */
export type CredentialState =
  | "usable"
  | "movable"
  | "moved"
  | "issuable"
  | "flagged"
  | "failed"
  | "revoked"
  | "expired"
  | "unverified";

/** What {@link credentialState} reads of the credential held in this browser. */
export type HeldCredential = { expiresAt: number; status: { idx: number; uri: string } | undefined } | null;

/**
 * Decides the traveller's {@link CredentialState} from the credential held in this browser and the
 * server's view of their newest check and credential. A credential here is usable only when it is
 * the server's newest and still active: one superseded by a credential issued to another browser,
 * or revoked, fails verification, so it is not offered.
 *
 * @example
 * credentialState({ expiresAt, status: { idx: 7, uri } }, { verification: passed, credential: active7 }, now) // "usable"
 */
export function credentialState(
  held: HeldCredential,
  current: IdentityCurrent,
  now: Date,
  /** The server's view of the credential held here, when it is not the newest (`GET /identity/credentials`). */
  heldView: CredentialView | null = null,
): CredentialState {
  const { verification, credential } = current;
  const heldIsCurrent =
    held !== null &&
    credential !== null &&
    held.status !== undefined &&
    held.status.idx === credential.statusList.index &&
    held.status.uri === credential.statusList.uri;
  if (heldIsCurrent) {
    if (credential.status === "revoked") return "revoked";
    if (credential.status === "expired" || held.expiresAt * 1000 <= now.getTime()) return "expired";
    return "usable";
  }
  // Moved away from this browser, and still valid where it went: say so rather than a bare "revoked".
  if (held !== null && heldView?.revocationReason === "moved" && credential?.status === "active") return "moved";
  if (verification === null) return "unverified";
  if (verification.status === "flagged") return "flagged";
  if (verification.status === "failed") return "failed";
  // Passed: a credential can be issued to this browser, unless the newest one was revoked (a lost
  // passport: the next credential needs a new check) or has expired.
  if (credential?.status === "revoked") return "revoked";
  if (credential?.status === "expired") return "expired";
  // Active on another device: moved here (with a proof of this browser's key), not issued again.
  if (credential?.status === "active") return "movable";
  return "issuable";
}
