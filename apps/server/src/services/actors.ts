import type { ActorRole } from "@entrada/core";
import type { Principal } from "../auth/Principal.ts";
import { can } from "../policy.ts";
import type { Actor, ApplicationRow } from "./recordTransition.ts";

/**
 * The actor for the applicant's side of an application: the traveller who filed it, or the
 * organisation (its admin, or its system's API key).
 *
 * @example
 * recordTransition(tx, { application, event: "submit", actor: applicantActor(principal, application), at })
 */
export function applicantActor(principal: Principal, application: Pick<ApplicationRow, "userId">): Actor {
  if (principal.via === "api_key")
    return { role: "organisation", auditRole: "api_key", id: principal.apiKeyId ?? null };
  if (application.userId === principal.id) return { role: "traveller", auditRole: "traveller", id: principal.id };
  return { role: "organisation", auditRole: "org_admin", id: principal.id };
}

/**
 * The actor for an authority's decision: an officer, or the authority's system through its API key.
 *
 * @example
 * recordTransition(tx, { application, event: "approve", actor: officerActor(principal), at })
 */
export function officerActor(principal: Principal): Actor {
  if (principal.via === "api_key") return { role: "officer", auditRole: "api_key", id: principal.apiKeyId ?? null };
  return { role: "officer", auditRole: "officer", id: principal.id };
}

/** Entrada's own machinery: jobs, and the indexer (whose audit role is `indexer`). */
export const systemActor: Actor = { role: "system", auditRole: "system", id: null };

/** The indexer, reporting what the escrow did on chain. */
export const indexerActor: Actor = { role: "system", auditRole: "indexer", id: null };

/**
 * The role in which `principal` reads an application, for the actions shown with it; `null` for
 * readers who act on nothing (support).
 *
 * @example
 * availableEvents(application.state, readerRole(principal, application) ?? …)
 */
export function readerRole(
  principal: Principal,
  application: Pick<ApplicationRow, "userId" | "organisationId" | "authorityId" | "state">,
): ActorRole | null {
  if (can(principal, "application.update", application)) return applicantActor(principal, application).role;
  if (can(principal, "application.review", application)) return "officer";
  return null;
}
