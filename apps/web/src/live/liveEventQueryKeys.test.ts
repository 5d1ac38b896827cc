import { describe, expect, test } from "vitest";
import { identityKeys } from "../identity/identityQueries.ts";
import { liveEventQueryKeys } from "./liveEventQueryKeys.ts";
import { liveTopics } from "./useLiveEvents.ts";

describe("liveEventQueryKeys", () => {
  test("a reviewer's decision refreshes the traveller's identity check, and nothing of applications", () => {
    const keys = liveEventQueryKeys("identity.review_decided", {
      verificationId: "v1",
      userId: "u1",
      decision: "pass",
      at: "2030-01-02T03:04:05.000Z",
    });
    expect(keys).toEqual([identityKeys.current("u1")]);
    expect(keys).toMatchInlineSnapshot(`
      [
        [
          "identity",
          "u1",
          "current",
        ],
      ]
    `);
    expect(liveEventQueryKeys("identity.review_decided", { decision: "fail" })).toEqual([]);
  });

  test("an application's event refreshes the application, its history, the lists and the officer's pages", () => {
    expect(liveEventQueryKeys("application.state_changed", { applicationId: "a1", to: "paid" })).toEqual([
      ["application", "a1"],
      ["history", "a1"],
      ["applications"],
      ["officer"],
    ]);
    expect(liveEventQueryKeys("payment.confirmed", {})).toEqual([["applications"], ["officer"]]);
  });

  test("the app listens to the decision's topic", () => {
    expect(liveTopics).toContain("identity.review_decided");
  });
});
