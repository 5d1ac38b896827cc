import { describe, expect, it } from "vitest";
import { isOverdue } from "./isOverdue.ts";
import { applicationIdPattern, matchesQueueSearch } from "./matchesQueueSearch.ts";
import { queueFilters, queueStreams, toQueueFilter } from "./queueFilters.ts";

describe("queue filters", () => {
  it("reads one list per state the filter spans", () => {
    expect(queueStreams("all")).toEqual([null]);
    expect(queueStreams("needs_action")).toEqual(["paid", "under_review"]);
    expect(queueStreams("overdue")).toEqual(["paid", "under_review", "needs_info"]);
    expect(queueStreams("issued")).toEqual(["issued"]);
  });

  it("offers every state the authority sees", () => {
    expect(queueFilters).toMatchInlineSnapshot(`
      [
        "all",
        "needs_action",
        "overdue",
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

  it("reads the filter from the URL, falling back to all", () => {
    expect(toQueueFilter("needs_action")).toBe("needs_action");
    expect(toQueueFilter("draft")).toBe("all");
    expect(toQueueFilter(null)).toBe("all");
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

describe("matchesQueueSearch", () => {
  const row = { id: "5f0c2a9e-1b7d-4c1e-9a57-0d3f6b1c2e4a", applicantName: "ANNA MARIA ÉRIKSSON" };

  it("matches everything when the search is empty", () => {
    expect(matchesQueueSearch(row, "  ")).toBe(true);
  });

  it("matches the start of the id, in any case, with or without dashes", () => {
    expect(matchesQueueSearch(row, "5f0c")).toBe(true);
    expect(matchesQueueSearch(row, "5F0C2A9E-1B")).toBe(true);
    expect(matchesQueueSearch(row, "5f0c2a9e1b7d")).toBe(true);
    expect(matchesQueueSearch(row, "0c2a")).toBe(false);
  });

  it("matches the start of the short reference, typed any way Crockford base32 reads", () => {
    const withReference = { ...row, reference: "ENT-7K3Q-9XPA" };
    expect(matchesQueueSearch(withReference, "ENT-7K3Q-9XPA")).toBe(true);
    expect(matchesQueueSearch(withReference, "ent 7k3q")).toBe(true);
    expect(matchesQueueSearch(withReference, "7K3Q9X")).toBe(true);
    expect(matchesQueueSearch({ ...row, reference: "ENT-7K1Q-9X0A" }, "7kiq 9xo")).toBe(true);
    expect(matchesQueueSearch(withReference, "3Q9X")).toBe(false);
    expect(matchesQueueSearch(withReference, "ENT-7K3Q-9XPB")).toBe(false);
  });

  it("matches every word of the name, ignoring case, order and accents", () => {
    expect(matchesQueueSearch(row, "eriksson")).toBe(true);
    expect(matchesQueueSearch(row, "eriksson  anna")).toBe(true);
    expect(matchesQueueSearch(row, "anna smith")).toBe(false);
  });

  it("matches no name while the row's applicant is still loading", () => {
    expect(matchesQueueSearch({ id: row.id }, "anna")).toBe(false);
  });

  it("recognises a full application id", () => {
    expect(applicationIdPattern.test(row.id)).toBe(true);
    expect(applicationIdPattern.test("5f0c2a9e")).toBe(false);
  });
});
