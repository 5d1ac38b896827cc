import { BaseError } from "./BaseError.ts";

/**
 * The application's state does not allow the event.
 *
 * @example
 * transition("draft", "approve", "officer") // throws IllegalTransitionError (ENTRADA_ILLEGAL_TRANSITION, 409)
 */
export class IllegalTransitionError extends BaseError {
  override name = "IllegalTransitionError" as const;
  constructor({ state, event }: { state: string; event: string }) {
    super(`An application in state "${state}" cannot "${event}".`, {
      code: "ENTRADA_ILLEGAL_TRANSITION",
      details: { state, event },
    });
  }
}

/**
 * The actor's role may not take the event.
 *
 * @example
 * transition("under_review", "approve", "traveller") // throws TransitionForbiddenError (403)
 */
export class TransitionForbiddenError extends BaseError {
  override name = "TransitionForbiddenError" as const;
  constructor({ event, role, allowed }: { event: string; role: string; allowed: readonly string[] }) {
    super(`A ${role} may not "${event}" an application.`, {
      code: "ENTRADA_TRANSITION_FORBIDDEN",
      details: { event, role, allowed },
    });
  }
}

/**
 * The event needs a reason and none (or only blanks) was given.
 *
 * @example
 * transition("under_review", "reject", "officer") // throws TransitionReasonRequiredError (400)
 */
export class TransitionReasonRequiredError extends BaseError {
  override name = "TransitionReasonRequiredError" as const;
  constructor({ event }: { event: string }) {
    super(`"${event}" needs a reason that the applicant will see.`, {
      code: "ENTRADA_TRANSITION_REASON_REQUIRED",
      details: { event },
    });
  }
}
