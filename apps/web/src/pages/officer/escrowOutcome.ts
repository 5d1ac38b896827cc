import type { ApplicationState, HistoryEntry } from "../../api/types.ts";
import type { Settlement } from "./officerTypes.ts";

/**
 * Where the escrowed fee stands, as the officer follows it after a decision:
 * - `held`: paid into escrow, waiting for the decision;
 * - `releaseSent` → `released`: approved, the settler sent `release`; the indexer saw it and the visa
 *   is issued;
 * - `refundSent` → `refunded`: rejected, the settler sent `refund`; the indexer saw it;
 * - `expired` → `refunded`: no decision by the deadline; the payer claimed it back;
 * - `blocked`: the settlement the decision or expiry owes cannot go through as it is (the reason and
 *   the retry are the settlement panel's); the fee stays in escrow meanwhile.
 * `txHash` is the settlement's transaction when known (from the settlement, or the trail).
 */
export type EscrowOutcome =
  | { kind: "held" }
  | { kind: "releaseSent"; txHash: `0x${string}` | null }
  | { kind: "released"; txHash: `0x${string}` | null }
  | { kind: "refundSent"; txHash: `0x${string}` | null }
  | { kind: "refunded"; txHash: `0x${string}` | null; claimed: boolean }
  | { kind: "expired" }
  | { kind: "blocked"; settlement: Settlement["kind"] };

/** The latest trail entry into `state` that names a transaction. */
function txInto(history: readonly HistoryEntry[], state: ApplicationState): `0x${string}` | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    if (entry.to === state && entry.event !== "reorg_rollback" && entry.txHash) return entry.txHash;
  }
  return null;
}

/**
 * The escrow's outcome of an application from its state, its audit trail and its settlement (the
 * trail has the transaction only once the indexer has seen it). `null` before payment, when nothing
 * is escrowed.
 *
 * @example
 * escrowOutcome({ state: "approved", history, settlement: { kind: "release", txHash: "0xab…", status: "sent", … } })
 * // { kind: "releaseSent", txHash: "0xab…" }
 */
export function escrowOutcome({
  state,
  history,
  settlement,
}: {
  state: ApplicationState;
  history: readonly HistoryEntry[];
  settlement?: Settlement | null | undefined;
}): EscrowOutcome | null {
  const owed = state === "approved" || state === "rejected" || state === "expired";
  if (owed && settlement?.status === "blocked") return { kind: "blocked", settlement: settlement.kind };
  switch (state) {
    case "paid":
    case "under_review":
    case "needs_info":
      return { kind: "held" };
    case "approved":
      return { kind: "releaseSent", txHash: settlement?.kind === "release" ? settlement.txHash : null };
    case "issued":
      return { kind: "released", txHash: txInto(history, "issued") ?? settlementTx(settlement, "release") };
    case "rejected":
      return { kind: "refundSent", txHash: settlement?.kind === "refund" ? settlement.txHash : null };
    case "refunded": {
      const claimed = history.some((entry) => entry.to === "expired" && entry.event !== "reorg_rollback");
      return {
        kind: "refunded",
        txHash: txInto(history, "refunded") ?? settlementTx(settlement, claimed ? "claim" : "refund"),
        claimed,
      };
    }
    case "expired":
      return { kind: "expired" };
    default:
      return null;
  }
}

function settlementTx(settlement: Settlement | null | undefined, kind: Settlement["kind"]): `0x${string}` | null {
  return settlement?.kind === kind ? settlement.txHash : null;
}
