import type { ApplicationState, HistoryEntry } from "../api/types.ts";

/** What a timeline entry tells; each has its message under `timeline.<kind>` in traveller.json. */
export const timelineKinds = [
  "create",
  "submit",
  "cancel",
  "start_payment",
  "lapse_quote",
  "payment_sent",
  "payment_seen",
  "confirmations",
  "confirm_payment",
  "start_review",
  "request_info",
  "provide_info",
  "approve",
  "reject",
  "expire",
  "issue",
  "confirm_refund",
  "reorg_rollback",
  "chain_reset",
  "decision_pending",
  "release_pending",
  "refund_pending",
  "other",
] as const;

/** One of {@link timelineKinds}. */
export type TimelineKind = (typeof timelineKinds)[number];

/**
 * The `data-testid` suffix of each kind: the state it reached where there is one, so that a test
 * waits for `timeline-paid` or `timeline-issued`.
 */
const testIds: Record<TimelineKind, string> = {
  create: "draft",
  submit: "submitted",
  cancel: "cancelled",
  start_payment: "payment_pending",
  lapse_quote: "quote_lapsed",
  payment_sent: "payment_sent",
  payment_seen: "payment_seen",
  confirmations: "confirmations",
  confirm_payment: "paid",
  start_review: "under_review",
  request_info: "needs_info",
  provide_info: "info_provided",
  approve: "approved",
  reject: "rejected",
  expire: "expired",
  issue: "issued",
  confirm_refund: "refunded",
  reorg_rollback: "reorg_rollback",
  chain_reset: "chain_reset",
  decision_pending: "decision_pending",
  release_pending: "release_pending",
  refund_pending: "refund_pending",
  other: "other",
};

/** One line of an application's timeline. */
export type TimelineEntry = {
  id: string;
  kind: TimelineKind;
  /** `data-testid` suffix: `timeline-<testId>`. */
  testId: string;
  /** `done` happened; `current` is happening (confirmations counting); `pending` is what comes next. */
  status: "done" | "current" | "pending";
  at: string | null;
  txHash: string | null;
  reason: string | null;
  actorRole: string | null;
  /** The state reached, for kinds without their own wording (`other`). */
  state: ApplicationState | null;
  /** Facts the message shows: block number, confirmations, the decision deadline. */
  values: { block?: number; count?: number; required?: number; deadline?: string };
};

/** A payment this browser sent, and what the chain says of it, before the indexer confirms it. */
export type LocalPayment = { txHash: string; block?: number | undefined; confirmations: number };

/** Parameters of {@link buildTimeline}. */
export type BuildTimelineParameters = {
  /** The audit trail, oldest first (`GET /applications/:id/history`). */
  history: readonly HistoryEntry[];
  state: ApplicationState;
  /** The chain's confirmation depth (client config). */
  required: number;
  payment?: LocalPayment | undefined;
  /** The latest count the live stream reported (`payment.confirmed`). */
  liveConfirmations?: number | undefined;
  decisionDeadline?: string | null | undefined;
};

const knownEvents = new Set<string>(timelineKinds);

/**
 * An application's timeline, from its audit trail and what is known live of its payment: every
 * change with its time, who, why and the transaction; the payment seen in a block and its
 * confirmations counted while the indexer waits for the depth; then what comes next (the decision by
 * the deadline, the release, the refund).
 *
 * @example
 * buildTimeline({ history, state: "payment_pending", required: 2, payment: { txHash, block: 41, confirmations: 1 } })
 * // [… { kind: "payment_seen", values: { block: 41 } }, { kind: "confirmations", status: "current", values: { count: 1, required: 2 } }]
 */
export function buildTimeline({
  history,
  state,
  required,
  payment,
  liveConfirmations,
  decisionDeadline,
}: BuildTimelineParameters): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const entry = (
    kind: TimelineKind,
    fields: Partial<Omit<TimelineEntry, "kind" | "testId">> & { id: string },
  ): TimelineEntry => ({
    kind,
    testId: kind === "other" && fields.state ? fields.state : testIds[kind],
    status: "done",
    at: null,
    txHash: null,
    reason: null,
    actorRole: null,
    state: null,
    values: {},
    ...fields,
  });

  for (const change of history) {
    const common = {
      at: change.at,
      txHash: change.txHash,
      reason: change.reason,
      actorRole: change.actorRole,
      state: change.to,
    };
    if (change.event === "confirm_payment") {
      const block = payment && payment.txHash === change.txHash ? payment.block : undefined;
      entries.push(
        entry("payment_seen", {
          ...common,
          id: `${change.id}-seen`,
          reason: null,
          values: block === undefined ? {} : { block },
        }),
      );
      entries.push(entry("confirm_payment", { ...common, id: change.id, values: { count: required, required } }));
      continue;
    }
    const kind = knownEvents.has(change.event) ? (change.event as TimelineKind) : "other";
    entries.push(entry(kind, { ...common, id: change.id }));
  }

  // The payment as the chain shows it, while the application waits for the confirmation depth.
  if (state === "payment_pending" && (payment || liveConfirmations !== undefined)) {
    const count = Math.min(required, Math.max(payment?.confirmations ?? 0, liveConfirmations ?? 0));
    if (payment) {
      const seen = payment.block !== undefined;
      entries.push(
        entry(seen ? "payment_seen" : "payment_sent", {
          id: `live-${seen ? "seen" : "sent"}`,
          status: seen ? "done" : "current",
          txHash: payment.txHash,
          values: seen ? { block: payment.block! } : {},
        }),
      );
    }
    if (count > 0) {
      entries.push(
        entry("confirmations", {
          id: "live-confirmations",
          status: "current",
          txHash: payment?.txHash ?? null,
          values: { count, required },
        }),
      );
    }
  }

  // What comes next.
  if (state === "paid" || state === "under_review" || state === "needs_info") {
    entries.push(
      entry("decision_pending", {
        id: "next-decision",
        status: "pending",
        values: decisionDeadline ? { deadline: decisionDeadline } : {},
      }),
    );
  } else if (state === "approved") {
    entries.push(entry("release_pending", { id: "next-release", status: "pending" }));
  } else if (state === "rejected" || state === "expired") {
    entries.push(entry("refund_pending", { id: "next-refund", status: "pending" }));
  }
  return entries;
}
