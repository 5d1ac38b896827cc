import type { Role } from "@entrada/db";
import type { Hex } from "viem";
import type { ApiKeyScope } from "./apiKeyScopes.ts";

/**
 * Who is calling: a signed-in user (session cookie) or an authority's or organisation's system (API
 * key). `request.user` holds it, `null` when anonymous; the policy decides from it alone.
 *
 * @example
 * const officer: Principal = { id, via: "session", roles: ["traveller", "officer"], authorityId: "gb-eta" };
 */
export type Principal = {
  /** The user's id; for an API key, the id of the user who created it. */
  readonly id: string;
  readonly via: "session" | "api_key";
  /** Granted roles. Every signed-in person is a traveller for their own applications. */
  readonly roles: readonly Role[];
  /** The authority an officer (or an authority's API key) acts for. */
  readonly authorityId?: string | undefined;
  /** The organisation an organisation admin (or an organisation's API key) acts for. */
  readonly organisationId?: string | undefined;
  /** Set for API keys: the audit trail names the key, not its creator. */
  readonly apiKeyId?: string | undefined;
  /** Set for API keys: what the key may do within its authority or organisation (policy.ts checks them). */
  readonly scopes?: readonly ApiKeyScope[] | undefined;
  /** Set for sessions: logout revokes it. */
  readonly sessionId?: string | undefined;
  /** The wallet a session user signed in with, lower-case. */
  readonly walletAddress?: Hex | undefined;
};

/**
 * Whether the principal holds `role`.
 *
 * @example
 * hasRole(request.user, "officer") // true for an officer's session or an authority's API key
 */
export function hasRole(principal: Principal | null, role: Role): boolean {
  return principal?.roles.includes(role) ?? false;
}
