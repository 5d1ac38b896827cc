import { describe, expect, it } from "vitest";
import { applicationStates, isApplicationState, terminalStates } from "./applicationStates.ts";
import { applicationEvents, applicationTransitions } from "./applicationTransitions.ts";

describe("applicationStates", () => {
  it("recognises states", () => {
    expect(isApplicationState("paid")).toBe(true);
    expect(isApplicationState("settled")).toBe(false);
  });

  it("leaves terminal states by no event, and every other state by some event", () => {
    for (const state of applicationStates) {
      const leaving = applicationEvents.filter((event) =>
        (applicationTransitions[event].from as readonly string[]).includes(state),
      );
      expect(leaving.length === 0).toBe(terminalStates.includes(state));
    }
  });

  it("reaches every state from draft", () => {
    const reached = new Set<string>(["draft"]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const event of applicationEvents) {
        const { from, to } = applicationTransitions[event];
        if (from.some((state) => reached.has(state)) && !reached.has(to)) {
          reached.add(to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...applicationStates].sort());
  });
});
