import { describe, expect, it } from "vitest";
import { isOverdue } from "./isOverdue.ts";
import { queueFilters, toQueueFilter } from "./queueFilters.ts";

describe("queue filters", () => {
  it("offers every state the authority sees", () => {
    expect(queueFilters).toMatchInlineSnapshot(`
      [
        "needs_action",
        "overdue",
        "all",
        "paid",
        "under_review",
        "needs_info",
        "approved",
        "issued",
        "rejected",
        "refunded",
        "expired",
      ]
    `);
  });

  it("reads the filter from the URL, falling back to what needs action", () => {
    expect(toQueueFilter("all")).toBe("all");
    expect(toQueueFilter("draft")).toBe("needs_action");
    expect(toQueueFilter(null)).toBe("needs_action");
  });
});

describe("isOverdue", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  it("is true for an undecided application past its deadline", () => {
    for (const state of ["paid", "under_review", "needs_info"] as const) {
      expect(isOverdue({ state, decisionDeadline: "2026-03-01T11:59:59Z" }, now)).toBe(true);
    }
  });

  it("is false before the deadline, without one, and once decided", () => {
    expect(isOverdue({ state: "paid", decisionDeadline: "2026-03-01T12:00:01Z" }, now)).toBe(false);
    expect(isOverdue({ state: "paid", decisionDeadline: null }, now)).toBe(false);
    expect(isOverdue({ state: "approved", decisionDeadline: "2026-01-01T00:00:00Z" }, now)).toBe(false);
    expect(isOverdue({ state: "expired", decisionDeadline: "2026-01-01T00:00:00Z" }, now)).toBe(false);
  });
});
