import { describe, expect, it } from "vitest";
import type { HistoryEntry, Settlement } from "../../api/types.ts";
import { decisionActions, reasonRequired } from "./decisionActions.ts";
import { escrowOutcome } from "./escrowOutcome.ts";

const releaseTx = `0x${"a".repeat(64)}` as const;
const refundTx = `0x${"b".repeat(64)}` as const;
const payTx = `0x${"c".repeat(64)}` as const;

function entry(partial: Partial<HistoryEntry> & Pick<HistoryEntry, "to" | "event">): HistoryEntry {
  return {
    id: partial.event,
    from: null,
    actorRole: "system",
    reason: null,
    txHash: null,
    at: "2026-01-01T00:00:00Z",
    ...partial,
  };
}

const paid = [entry({ to: "paid", event: "confirm_payment", txHash: payTx })];

function sent(
  kind: Settlement["kind"],
  txHash: `0x${string}` | null,
  status: Settlement["status"] = "sent",
): Settlement {
  return { kind, status, txHash, attempts: 1, nextAttemptAt: null, reason: null, updatedAt: "2026-01-01T00:00:00Z" };
}

describe("escrowOutcome", () => {
  it("holds the fee until the decision", () => {
    for (const state of ["paid", "under_review", "needs_info"] as const) {
      expect(escrowOutcome({ state, history: paid })).toEqual({ kind: "held" });
    }
  });

  it("has nothing in escrow before payment", () => {
    expect(escrowOutcome({ state: "payment_pending", history: [] })).toBeNull();
  });

  it("follows an approval: release sent with the decision's transaction, then released with the trail's", () => {
    const settlement = sent("release", releaseTx);
    expect(escrowOutcome({ state: "approved", history: paid, settlement })).toEqual({
      kind: "releaseSent",
      txHash: releaseTx,
    });
    expect(escrowOutcome({ state: "approved", history: paid })).toEqual({ kind: "releaseSent", txHash: null });
    const issued = [
      ...paid,
      entry({ to: "approved", event: "approve" }),
      entry({ to: "issued", event: "issue", txHash: releaseTx }),
    ];
    expect(escrowOutcome({ state: "issued", history: issued })).toEqual({ kind: "released", txHash: releaseTx });
  });

  it("follows a rejection: refund sent, then refunded", () => {
    const settlement = sent("refund", refundTx);
    expect(escrowOutcome({ state: "rejected", history: paid, settlement })).toEqual({
      kind: "refundSent",
      txHash: refundTx,
    });
    // A release settlement says nothing about a refund.
    expect(escrowOutcome({ state: "rejected", history: paid, settlement: { ...settlement, kind: "release" } })).toEqual(
      { kind: "refundSent", txHash: null },
    );
    const refunded = [
      ...paid,
      entry({ to: "rejected", event: "reject" }),
      entry({ to: "refunded", event: "confirm_refund", txHash: refundTx }),
    ];
    expect(escrowOutcome({ state: "refunded", history: refunded })).toEqual({
      kind: "refunded",
      txHash: refundTx,
      claimed: false,
    });
  });

  it("tells a claim after the deadline from a refund", () => {
    const claimed = [
      ...paid,
      entry({ to: "expired", event: "expire" }),
      entry({ to: "refunded", event: "confirm_refund", txHash: refundTx }),
    ];
    expect(escrowOutcome({ state: "expired", history: claimed.slice(0, 2) })).toEqual({ kind: "expired" });
    expect(escrowOutcome({ state: "refunded", history: claimed })).toEqual({
      kind: "refunded",
      txHash: refundTx,
      claimed: true,
    });
  });

  it("keeps the fee in escrow while the settlement is blocked, and follows it once retried", () => {
    const blocked = sent("release", null, "blocked");
    expect(escrowOutcome({ state: "approved", history: paid, settlement: blocked })).toEqual({
      kind: "blocked",
      settlement: "release",
    });
    expect(escrowOutcome({ state: "rejected", history: paid, settlement: sent("refund", null, "blocked") })).toEqual({
      kind: "blocked",
      settlement: "refund",
    });
    // Queued again by a retry: on its way, without a transaction yet.
    expect(escrowOutcome({ state: "approved", history: paid, settlement: sent("release", null, "queued") })).toEqual({
      kind: "releaseSent",
      txHash: null,
    });
    // A settled application shows its outcome whatever an old job says.
    expect(escrowOutcome({ state: "issued", history: paid, settlement: blocked })).toEqual({
      kind: "released",
      txHash: null,
    });
  });

  it("takes a claim's transaction from its settlement until the trail has it", () => {
    const expired = [
      ...paid,
      entry({ to: "expired", event: "expire" }),
      entry({ to: "refunded", event: "confirm_refund" }),
    ];
    expect(
      escrowOutcome({ state: "refunded", history: expired, settlement: sent("claim", refundTx, "succeeded") }),
    ).toEqual({
      kind: "refunded",
      txHash: refundTx,
      claimed: true,
    });
  });

  it("ignores entries a chain reorganisation undid", () => {
    const history = [
      ...paid,
      entry({ to: "issued", event: "issue", txHash: refundTx }),
      entry({ to: "issued", event: "reorg_rollback", txHash: releaseTx }),
    ];
    expect(escrowOutcome({ state: "issued", history })).toEqual({ kind: "released", txHash: refundTx });
  });
});

describe("decisionActions", () => {
  it("offers every decision on a paid application (deciding opens the review)", () => {
    expect(decisionActions(["start_review"])).toEqual(["request_info", "approve", "reject"]);
  });

  it("offers what the state machine allows otherwise", () => {
    expect(decisionActions(["request_info", "approve", "reject"])).toEqual(["request_info", "approve", "reject"]);
    expect(decisionActions(["reject"])).toEqual(["reject"]);
    expect(decisionActions([])).toEqual([]);
  });

  it("requires a reason to ask for information or to reject, not to approve", () => {
    expect([reasonRequired("request_info"), reasonRequired("approve"), reasonRequired("reject")]).toEqual([
      true,
      false,
      true,
    ]);
  });
});
