/** A decision the officer can take from the application page. */
export type DecisionAction = "request_info" | "approve" | "reject";

const order: readonly DecisionAction[] = ["request_info", "approve", "reject"];

/**
 * The decisions to offer, from the application's `actions` (the state machine events the officer
 * may cause now). A `paid` application offers only `start_review`, but every decision opens the
 * review first on the server, so all three are offered then.
 *
 * @example
 * decisionActions(["start_review"])               // ["request_info", "approve", "reject"]
 * decisionActions(["reject"])                     // ["reject"] (needs_info)
 */
export function decisionActions(actions: readonly string[]): DecisionAction[] {
  if (actions.includes("start_review")) return [...order];
  return order.filter((action) => actions.includes(action));
}

/** Whether the decision must give a reason (shown to the applicant and kept in the audit trail). */
export function reasonRequired(action: DecisionAction): boolean {
  return action !== "approve";
}
