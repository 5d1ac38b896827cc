import {
  IllegalTransitionError,
  TransitionForbiddenError,
  TransitionReasonRequiredError,
} from "../errors/application.ts";
import type { ApplicationState } from "./applicationStates.ts";
import {
  type ActorRole,
  type ApplicationEvent,
  type ApplicationTransition,
  applicationTransitions,
} from "./applicationTransitions.ts";

/** Options of {@link transition}. */
export type TransitionOptions = {
  /** Why; required for `reject` and `request_info`, kept for the audit log otherwise. */
  reason?: string | undefined;
};

/** Errors {@link transition} throws. */
export type TransitionErrorType = IllegalTransitionError | TransitionForbiddenError | TransitionReasonRequiredError;

/**
 * The state an application moves to when `actor` causes `event`, or an error saying why it cannot.
 * Pure: the caller stores the new state and the audit entry (who, when, why) in one transaction.
 *
 * Checks in this order: the state allows the event (409), the role may cause it (403), a required
 * reason is given (400). Unknown states and events from untyped input are illegal transitions.
 *
 * @example
 * transition("under_review", "approve", "officer")                         // "approved"
 * transition("under_review", "reject", "officer", { reason: "Photo unclear" }) // "rejected"
 * transition("draft", "approve", "officer")     // throws IllegalTransitionError (ENTRADA_ILLEGAL_TRANSITION, 409)
 * transition("under_review", "approve", "traveller") // throws TransitionForbiddenError (403)
 */
export function transition(
  current: ApplicationState,
  event: ApplicationEvent,
  actor: ActorRole,
  options: TransitionOptions = {},
): ApplicationState {
  const rule: ApplicationTransition | undefined = Object.hasOwn(applicationTransitions, event)
    ? applicationTransitions[event]
    : undefined;
  if (rule === undefined || !rule.from.includes(current)) throw new IllegalTransitionError({ state: current, event });
  if (!rule.actors.includes(actor)) throw new TransitionForbiddenError({ event, role: actor, allowed: rule.actors });
  if (rule.reasonRequired && (options.reason === undefined || options.reason.trim() === "")) {
    throw new TransitionReasonRequiredError({ event });
  }
  return rule.to;
}
