import type { ApplicationState } from "./applicationStates.ts";
import {
  type ActorRole,
  type ApplicationEvent,
  applicationEvents,
  applicationTransitions,
} from "./applicationTransitions.ts";

/**
 * The events a role may cause on an application in a state: the buttons the web app shows.
 *
 * @example
 * availableEvents("under_review", "officer")   // ["request_info", "approve", "reject"]
 * availableEvents("under_review", "traveller") // []
 */
export function availableEvents(state: ApplicationState, role: ActorRole): ApplicationEvent[] {
  return applicationEvents.filter((event) => {
    const rule = applicationTransitions[event];
    return (
      (rule.from as readonly ApplicationState[]).includes(state) && (rule.actors as readonly ActorRole[]).includes(role)
    );
  });
}
