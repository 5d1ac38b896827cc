import { answerFields, requiredDocuments, statesAfterPayment } from "@entrada/core";
import type { ApplicationState } from "../../api/types.ts";

/**
 * The words the officer's pages translate from the API's codes, listed once so that
 * i18n/dynamicKeys.ts can declare the keys built from them (`answer.${field}` and so on).
 */

/** States in which the authority sees an application: from payment on (apps/server/src/policy.ts). */
export const authorityStates = statesAfterPayment;

/** States the authority still has to decide; past the decision deadline they are overdue. */
export const undecidedStates = ["paid", "under_review", "needs_info"] as const satisfies readonly ApplicationState[];

/** The answers an application may hold, and the documents a product may require (@entrada/core). */
export { answerFields, requiredDocuments as documentTypes };

/** The audit trail's events: the state machine's (a reset development chain's among them), and the indexer's reorg rollback. */
export const historyEvents = [
  "create",
  "submit",
  "cancel",
  "start_payment",
  "lapse_quote",
  "confirm_payment",
  "start_review",
  "request_info",
  "provide_info",
  "approve",
  "issue",
  "reject",
  "expire",
  "confirm_refund",
  "reorg_rollback",
  "chain_reset",
] as const;

/** Who acted, as the audit trail names them (packages/db: users' roles, then Entrada's own actors). */
export const actorRoles = [
  "traveller",
  "org_admin",
  "officer",
  "support",
  "operator",
  "system",
  "indexer",
  "api_key",
] as const;

/** An applicant's identity check, as the API reports it. */
export const verificationStatuses = ["pending", "verified", "flagged", "rejected"] as const;

/** Whether `value` is one of `list` (narrows it, so that a translation key is known to exist). */
export function isOneOf<const T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
