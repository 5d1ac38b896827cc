/**
 * Every state an application can be in, in the order of the happy path then the exits. The DB
 * stores these strings; the API returns them.
 *
 * @example
 * applicationStates.includes(row.state) // validate a value read from outside
 */
export const applicationStates = [
  "draft",
  "submitted",
  "payment_pending",
  "paid",
  "under_review",
  "needs_info",
  "approved",
  "issued",
  "rejected",
  "refunded",
  "expired",
  "cancelled",
] as const;

/** A state of {@link applicationStates}. */
export type ApplicationState = (typeof applicationStates)[number];

/**
 * States no event leaves: the visa is issued, the money is back with the payer, or nothing was
 * ever paid. Workers stop watching applications here.
 *
 * @example
 * terminalStates.includes("issued") // true
 */
export const terminalStates: readonly ApplicationState[] = ["issued", "refunded", "cancelled"];

/**
 * States from the escrow's payment on: the fee is held, or was released or refunded. The authority
 * sees an application from here, and nothing is left for the traveller to pay.
 *
 * @example
 * statesAfterPayment.includes("payment_pending") // false
 */
export const statesAfterPayment = [
  "paid",
  "under_review",
  "needs_info",
  "approved",
  "issued",
  "rejected",
  "refunded",
  "expired",
] as const satisfies readonly ApplicationState[];

/**
 * Whether a value is an {@link ApplicationState}, for input from the DB or an API query.
 *
 * @example
 * isApplicationState("paid")    // true
 * isApplicationState("settled") // false
 */
export function isApplicationState(value: string): value is ApplicationState {
  return (applicationStates as readonly string[]).includes(value);
}
