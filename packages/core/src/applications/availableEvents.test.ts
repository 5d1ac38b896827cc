import { describe, expect, it } from "vitest";
import { applicationStates } from "./applicationStates.ts";
import { actorRoles } from "./applicationTransitions.ts";
import { availableEvents } from "./availableEvents.ts";
import { transition } from "./transition.ts";

describe("availableEvents", () => {
  it("lists what each role may do in a state", () => {
    expect(availableEvents("under_review", "officer")).toEqual(["request_info", "approve", "reject"]);
    expect(availableEvents("under_review", "system")).toEqual(["expire", "chain_reset"]);
    expect(availableEvents("under_review", "traveller")).toEqual([]);
    expect(availableEvents("submitted", "traveller")).toEqual(["cancel", "start_payment"]);
    expect(availableEvents("issued", "system")).toEqual([]);
  });

  it("agrees with transition for every state and role", () => {
    for (const state of applicationStates) {
      for (const role of actorRoles) {
        for (const event of availableEvents(state, role)) {
          expect(() => transition(state, event, role, { reason: "why" })).not.toThrow();
        }
      }
    }
  });
});
