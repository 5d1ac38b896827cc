import { describe, expect, it } from "vitest";
import {
  IllegalTransitionError,
  TransitionForbiddenError,
  TransitionReasonRequiredError,
} from "../errors/application.ts";
import { type ApplicationState, applicationStates } from "./applicationStates.ts";
import { type ActorRole, type ApplicationEvent, actorRoles, applicationEvents } from "./applicationTransitions.ts";
import { transition } from "./transition.ts";

/**
 * The expected machine, written out by hand (not derived from the table under test): for each
 * state, the events it allows and where each leads. Every pair missing here must be illegal.
 */
const expected: Record<ApplicationState, Partial<Record<ApplicationEvent, ApplicationState>>> = {
  draft: { submit: "submitted", cancel: "cancelled" },
  submitted: { cancel: "cancelled", start_payment: "payment_pending", confirm_payment: "paid" },
  payment_pending: { lapse_quote: "submitted", confirm_payment: "paid", chain_reset: "submitted" },
  paid: { start_review: "under_review", expire: "expired", chain_reset: "submitted" },
  under_review: {
    request_info: "needs_info",
    approve: "approved",
    reject: "rejected",
    expire: "expired",
    chain_reset: "submitted",
  },
  needs_info: { provide_info: "under_review", reject: "rejected", expire: "expired", chain_reset: "submitted" },
  approved: { issue: "issued", expire: "expired", chain_reset: "submitted" },
  issued: {},
  rejected: { confirm_refund: "refunded", chain_reset: "submitted" },
  refunded: {},
  expired: { confirm_refund: "refunded", chain_reset: "submitted" },
  cancelled: {},
};

/** Who may cause each event, and whether it needs a reason. */
const expectedRules: Record<ApplicationEvent, { actors: ActorRole[]; reason: boolean }> = {
  submit: { actors: ["traveller", "organisation"], reason: false },
  cancel: { actors: ["traveller", "organisation"], reason: false },
  start_payment: { actors: ["traveller", "organisation", "system"], reason: false },
  lapse_quote: { actors: ["system"], reason: false },
  confirm_payment: { actors: ["system"], reason: false },
  start_review: { actors: ["officer"], reason: false },
  request_info: { actors: ["officer"], reason: true },
  provide_info: { actors: ["traveller", "organisation"], reason: false },
  approve: { actors: ["officer"], reason: false },
  issue: { actors: ["system"], reason: false },
  reject: { actors: ["officer"], reason: true },
  expire: { actors: ["system"], reason: false },
  confirm_refund: { actors: ["system"], reason: false },
  chain_reset: { actors: ["system"], reason: true },
};

describe("transition", () => {
  it("knows exactly the expected states and events", () => {
    expect([...applicationStates].sort()).toEqual(Object.keys(expected).sort());
    expect([...applicationEvents].sort()).toEqual(Object.keys(expectedRules).sort());
  });

  const pairs = applicationStates.flatMap((state) => applicationEvents.map((event) => [state, event] as const));
  it.each(pairs)("%s + %s is legal exactly as the expected table says", (state, event) => {
    const next = expected[state][event];
    const { actors, reason } = expectedRules[event];
    for (const role of actorRoles) {
      const run = () => transition(state, event, role, { reason: "Passport photo is unreadable" });
      if (next === undefined) {
        expect(run).toThrow(IllegalTransitionError);
      } else if (actors.includes(role)) {
        expect(run()).toBe(next);
        if (reason) expect(() => transition(state, event, role)).toThrow(TransitionReasonRequiredError);
        else expect(transition(state, event, role)).toBe(next);
      } else {
        expect(run).toThrow(TransitionForbiddenError);
      }
    }
  });

  it("walks the happy path and the refund paths", () => {
    const walk = (steps: [ApplicationEvent, ActorRole, string?][]) =>
      steps.reduce<ApplicationState>(
        (state, [event, role, reason]) => transition(state, event, role, { reason }),
        "draft",
      );
    expect(
      walk([
        ["submit", "traveller"],
        ["start_payment", "traveller"],
        ["confirm_payment", "system"],
        ["start_review", "officer"],
        ["request_info", "officer", "Upload a clearer photo"],
        ["provide_info", "traveller"],
        ["approve", "officer"],
        ["issue", "system"],
      ]),
    ).toBe("issued");
    expect(
      walk([
        ["submit", "organisation"],
        ["start_payment", "system"],
        ["lapse_quote", "system"],
        ["start_payment", "organisation"],
        ["confirm_payment", "system"],
        ["start_review", "officer"],
        ["reject", "officer", "Does not meet the entry requirements"],
        ["confirm_refund", "system"],
      ]),
    ).toBe("refunded");
    expect(
      walk([
        ["submit", "traveller"],
        ["start_payment", "traveller"],
        ["confirm_payment", "system"],
        ["expire", "system"],
        ["confirm_refund", "system"],
      ]),
    ).toBe("refunded");
  });

  it("throws errors with stable codes and statuses, checking state before role before reason", () => {
    expect(() => transition("draft", "approve", "traveller")).toThrow(
      expect.objectContaining({
        code: "ENTRADA_ILLEGAL_TRANSITION",
        status: 409,
        details: { state: "draft", event: "approve" },
      }),
    );
    expect(() => transition("under_review", "reject", "traveller")).toThrow(
      expect.objectContaining({
        code: "ENTRADA_TRANSITION_FORBIDDEN",
        status: 403,
        details: { event: "reject", role: "traveller", allowed: ["officer"] },
      }),
    );
    expect(() => transition("under_review", "reject", "officer", { reason: "  " })).toThrow(
      expect.objectContaining({ code: "ENTRADA_TRANSITION_REASON_REQUIRED", status: 400 }),
    );
  });

  it("treats unknown states, events and roles from untyped input as illegal or forbidden", () => {
    const untyped = transition as (state: string, event: string, role: string) => string;
    expect(() => untyped("settled", "approve", "officer")).toThrow(IllegalTransitionError);
    expect(() => untyped("draft", "toString", "traveller")).toThrow(IllegalTransitionError);
    expect(() => untyped("draft", "__proto__", "traveller")).toThrow(IllegalTransitionError);
    expect(() => untyped("draft", "submit", "admin")).toThrow(TransitionForbiddenError);
  });
});
