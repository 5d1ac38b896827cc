import { describe, expect, test } from "vitest";
import { travellerToNotify } from "./travellerToNotify.ts";

const userId = "0b6f7f5e-0000-4000-8000-00000000a0a0";

describe("travellerToNotify", () => {
  test("tells the owner about payments and about what others did to the application", () => {
    const cases = [
      ["payment.seen", {}],
      ["payment.confirmed", {}],
      ["payment.reorged", {}],
      ["application.state_changed", { to: "under_review", actorRole: "officer" }],
      ["application.state_changed", { to: "needs_info", actorRole: "officer", reason: "x" }],
      ["application.state_changed", { to: "issued", actorRole: "system" }],
      ["application.state_changed", { to: "expired", actorRole: "system" }],
      ["application.state_changed", { to: "refunded" }],
      ["application.state_changed", { to: "paid", actorRole: "system" }],
      ["application.state_changed", { to: "submitted", actorRole: "traveller" }],
      ["application.state_changed", { to: "under_review", actorRole: "traveller" }],
      ["application.state_changed", { to: "payment_pending", actorRole: "org_admin" }],
      ["authority.updated", {}],
    ] as const;
    expect(
      cases.map(([topic, payload]) => [
        topic,
        "to" in payload ? payload.to : undefined,
        travellerToNotify({ topic, payload: { ...payload, userId } }) === userId,
      ]),
    ).toMatchInlineSnapshot(`
      [
        [
          "payment.seen",
          undefined,
          true,
        ],
        [
          "payment.confirmed",
          undefined,
          true,
        ],
        [
          "payment.reorged",
          undefined,
          true,
        ],
        [
          "application.state_changed",
          "under_review",
          true,
        ],
        [
          "application.state_changed",
          "needs_info",
          true,
        ],
        [
          "application.state_changed",
          "issued",
          true,
        ],
        [
          "application.state_changed",
          "expired",
          true,
        ],
        [
          "application.state_changed",
          "refunded",
          true,
        ],
        [
          "application.state_changed",
          "paid",
          false,
        ],
        [
          "application.state_changed",
          "submitted",
          false,
        ],
        [
          "application.state_changed",
          "under_review",
          false,
        ],
        [
          "application.state_changed",
          "payment_pending",
          false,
        ],
        [
          "authority.updated",
          undefined,
          false,
        ],
      ]
    `);
  });

  test("tells the traveller a KYC reviewer's decision on their identity check", () => {
    const payload = { verificationId: "v", userId, decision: "fail", at: "2030-01-01T00:00:00.000Z" };
    expect(travellerToNotify({ topic: "identity.review_decided", payload })).toBe(userId);
    expect(travellerToNotify({ topic: "identity.review_decided", payload: { decision: "pass" } })).toBeUndefined();
  });

  test("nobody without a userId", () => {
    expect(travellerToNotify({ topic: "payment.seen", payload: { applicationId: "a" } })).toBeUndefined();
    expect(travellerToNotify({ topic: "payment.seen", payload: null })).toBeUndefined();
  });
});
