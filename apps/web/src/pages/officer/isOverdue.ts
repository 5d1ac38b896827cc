import type { ApplicationSummary } from "../../api/types.ts";
import { isOneOf, undecidedStates } from "./officerVocabulary.ts";

/**
 * Whether the authority missed the decision deadline of an application it has yet to decide (after
 * it, the payer may claim the escrow back).
 *
 * @example
 * isOverdue({ state: "under_review", decisionDeadline: "2026-01-01T00:00:00Z" }, new Date("2026-02-01")) // true
 */
export function isOverdue(
  application: Pick<ApplicationSummary, "state" | "decisionDeadline">,
  now: Date | number,
): boolean {
  if (application.decisionDeadline === null || !isOneOf(undecidedStates, application.state)) return false;
  return new Date(application.decisionDeadline).getTime() < new Date(now).getTime();
}
