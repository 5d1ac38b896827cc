import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../api/types.ts";
import { buildTimeline } from "./buildTimeline.ts";

const tx = `0x${"ab".repeat(32)}` as const;
const refundTx = `0x${"cd".repeat(32)}` as const;
let nextId = 1;
const change = (
  event: string,
  from: HistoryEntry["from"],
  to: HistoryEntry["to"],
  fields: Partial<HistoryEntry> = {},
): HistoryEntry => ({
  id: String(nextId++),
  from,
  to,
  event,
  actorRole: "traveller",
  reason: null,
  txHash: null,
  at: `2026-06-01T10:0${nextId % 10}:00.000Z`,
  ...fields,
});

const created = [change("create", null, "draft"), change("submit", "draft", "submitted")];
const quoted = [...created, change("start_payment", "submitted", "payment_pending")];
const paid = [...quoted, change("confirm_payment", "payment_pending", "paid", { actorRole: "system", txHash: tx })];

const summary = (entries: ReturnType<typeof buildTimeline>) =>
  entries.map(
    (entry) =>
      `${entry.testId}:${entry.status}${Object.keys(entry.values).length ? ` ${JSON.stringify(entry.values)}` : ""}`,
  );

describe("buildTimeline", () => {
  it("tells a payment waiting for its confirmations: seen in a block, counted", () => {
    const entries = buildTimeline({
      history: quoted,
      state: "payment_pending",
      required: 3,
      payment: { txHash: tx, block: 41, confirmations: 2 },
    });
    expect(summary(entries)).toEqual([
      "draft:done",
      "submitted:done",
      "payment_pending:done",
      'payment_seen:done {"block":41}',
      'confirmations:current {"count":2,"required":3}',
    ]);
    expect(entries.at(-1)?.txHash).toBe(tx);
  });

  it("says a sent payment is waiting for a block, and takes the live stream's count when it is ahead", () => {
    expect(
      summary(
        buildTimeline({
          history: quoted,
          state: "payment_pending",
          required: 2,
          payment: { txHash: tx, confirmations: 0 },
        }),
      ).slice(3),
    ).toEqual(["payment_sent:current"]);
    expect(
      summary(
        buildTimeline({
          history: quoted,
          state: "payment_pending",
          required: 2,
          payment: { txHash: tx, block: 7, confirmations: 1 },
          liveConfirmations: 5,
        }),
      ).slice(3),
    ).toEqual(['payment_seen:done {"block":7}', 'confirmations:current {"count":2,"required":2}']);
  });

  it("records a confirmed payment as seen and confirmed, then awaits the decision by the deadline", () => {
    const entries = buildTimeline({
      history: paid,
      state: "paid",
      required: 2,
      payment: { txHash: tx, block: 41, confirmations: 2 },
      decisionDeadline: "2026-06-05T10:00:00.000Z",
    });
    expect(summary(entries)).toEqual([
      "draft:done",
      "submitted:done",
      "payment_pending:done",
      'payment_seen:done {"block":41}',
      'paid:done {"count":2,"required":2}',
      'decision_pending:pending {"deadline":"2026-06-05T10:00:00.000Z"}',
    ]);
    expect(entries[4]).toMatchObject({ kind: "confirm_payment", txHash: tx, actorRole: "system" });
  });

  it("shows the officer's request with its reason, the answer, and the refund after a rejection", () => {
    const history = [
      ...paid,
      change("start_review", "paid", "under_review", { actorRole: "officer" }),
      change("request_info", "under_review", "needs_info", { actorRole: "officer", reason: "Hotel booking, please" }),
      change("provide_info", "needs_info", "under_review"),
      change("reject", "under_review", "rejected", { actorRole: "officer", reason: "Incomplete" }),
    ];
    const rejected = buildTimeline({ history, state: "rejected", required: 1 });
    expect(summary(rejected).slice(5)).toEqual([
      "under_review:done",
      "needs_info:done",
      "info_provided:done",
      "rejected:done",
      "refund_pending:pending",
    ]);
    expect(rejected.find((entry) => entry.kind === "request_info")?.reason).toBe("Hotel booking, please");
    const refunded = buildTimeline({
      history: [
        ...history,
        change("confirm_refund", "rejected", "refunded", { actorRole: "system", txHash: refundTx }),
      ],
      state: "refunded",
      required: 1,
    });
    expect(refunded.at(-1)).toMatchObject({ testId: "refunded", status: "done", txHash: refundTx });
  });

  it("ends with the release after an approval, and names unknown events by their state", () => {
    const history = [
      ...paid,
      change("start_review", "paid", "under_review", { actorRole: "officer" }),
      change("approve", "under_review", "approved", { actorRole: "officer" }),
    ];
    expect(summary(buildTimeline({ history, state: "approved", required: 1 })).slice(-2)).toEqual([
      "approved:done",
      "release_pending:pending",
    ]);
    const issued = buildTimeline({
      history: [...history, change("issue", "approved", "issued", { actorRole: "system", txHash: refundTx })],
      state: "issued",
      required: 1,
    });
    expect(issued.at(-1)).toMatchObject({ testId: "issued", kind: "issue" });
    const other = buildTimeline({
      history: [change("something_new", "paid", "expired")],
      state: "expired",
      required: 1,
    });
    expect(other[0]).toMatchObject({ kind: "other", testId: "expired", state: "expired" });
  });

  it("follows a reorganisation back to waiting for the payment", () => {
    const history = [...paid, change("reorg_rollback", "paid", "payment_pending", { actorRole: "system", txHash: tx })];
    expect(
      summary(buildTimeline({ history, state: "payment_pending", required: 2, liveConfirmations: 1 })).slice(-2),
    ).toEqual(["reorg_rollback:done", 'confirmations:current {"count":1,"required":2}']);
  });

  it("tells in words that a reset development chain lost the payment, and promises no decision", () => {
    const reason = "The local development chain was reset.";
    const history = [...paid, change("chain_reset", "paid", "submitted", { actorRole: "system", reason })];
    const entries = buildTimeline({ history, state: "submitted", required: 1 });
    expect(summary(entries).slice(-2)).toEqual(['paid:done {"count":1,"required":1}', "chain_reset:done"]);
    expect(entries.at(-1)).toMatchObject({ kind: "chain_reset", reason, actorRole: "system", state: "submitted" });
  });
});
