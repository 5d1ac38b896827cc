import { describe, expect, it } from "vitest";
import type { ApplicationSummary } from "../../api/types.ts";
import { foldQueueReads, mergeQueueStreams } from "./mergeQueueStreams.ts";

function app(n: number, state: ApplicationSummary["state"] = "paid"): ApplicationSummary {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  return {
    id,
    reference: `ENT-0000-${String(n).padStart(4, "0")}`,
    onchainId: "0x00",
    productId: "gb-eta",
    authorityId: "gb-eta",
    organisationId: null,
    state,
    decisionDeadline: null,
    createdAt: `2026-01-${String(n).padStart(2, "0")}T00:00:00.000Z`,
    updatedAt: `2026-01-${String(n).padStart(2, "0")}T00:00:00.000Z`,
  };
}
const ids = (items: readonly ApplicationSummary[]) => items.map((item) => Number(item.id.slice(-12)));

describe("mergeQueueStreams", () => {
  it("passes one list through as it is", () => {
    expect(mergeQueueStreams([{ items: [app(1), app(2)], nextCursor: "c" }])).toEqual({
      items: [app(1), app(2)],
      hasMore: true,
      next: [0],
    });
  });

  it("shows items only up to the smallest end of the lists that have more, and reads that list next", () => {
    const merged = mergeQueueStreams([
      { items: [app(1), app(4), app(7)], nextCursor: "a" },
      { items: [app(2), app(3), app(9)], nextCursor: "b" },
    ]);
    expect(ids(merged.items)).toEqual([1, 2, 3, 4, 7]);
    expect(merged).toMatchObject({ hasMore: true, next: [0] });
  });

  it("shows everything in order once no list has more", () => {
    const merged = mergeQueueStreams([
      { items: [app(1), app(4)], nextCursor: null },
      { items: [app(2), app(9)], nextCursor: null },
    ]);
    expect(ids(merged.items)).toEqual([1, 2, 4, 9]);
    expect(merged).toMatchObject({ hasMore: false, next: [] });
  });

  it("does not let an exhausted list hold the others back", () => {
    const merged = mergeQueueStreams([
      { items: [app(1)], nextCursor: null },
      { items: [app(2), app(5)], nextCursor: "b" },
    ]);
    expect(ids(merged.items)).toEqual([1, 2, 5]);
    expect(merged.next).toEqual([1]);
  });

  it("shows an application read in two lists once (it changed state between reads)", () => {
    const merged = mergeQueueStreams([
      { items: [app(1, "paid"), app(3, "paid")], nextCursor: null },
      { items: [app(3, "under_review")], nextCursor: null },
    ]);
    expect(ids(merged.items)).toEqual([1, 3]);
  });

  it("orders by id when two applications were created at the same time", () => {
    const a = { ...app(1), id: "b0000000-0000-4000-8000-000000000000" };
    const b = { ...app(1), id: "a0000000-0000-4000-8000-000000000000" };
    expect(mergeQueueStreams([{ items: [a, b], nextCursor: null }]).items.map((item) => item.id[0])).toEqual([
      "a",
      "b",
    ]);
  });

  it("holds everything back while a list with more has nothing read yet", () => {
    expect(
      mergeQueueStreams([
        { items: [app(1)], nextCursor: null },
        { items: [], nextCursor: "" },
      ]),
    ).toEqual({ items: [], hasMore: true, next: [1] });
  });
});

describe("foldQueueReads", () => {
  it("appends each read to its lists and moves their cursors", () => {
    const streams = foldQueueReads(2, [
      [
        { stream: 0, items: [app(1)], nextCursor: "a1" },
        { stream: 1, items: [app(2)], nextCursor: null },
      ],
      [{ stream: 0, items: [app(3)], nextCursor: null }],
    ]);
    expect(streams.map((stream) => [ids(stream.items), stream.nextCursor])).toEqual([
      [[1, 3], null],
      [[2], null],
    ]);
  });

  it("counts a list no read touched as having more", () => {
    expect(foldQueueReads(1, [])).toEqual([{ items: [], nextCursor: "" }]);
  });
});
