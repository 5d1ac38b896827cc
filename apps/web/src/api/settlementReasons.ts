import type { Settlement } from "./types.ts";

/**
 * The reasons a settlement can be blocked or retried for (docs/errors.md, "Settlement"), each with
 * its own words in the officer's and the traveller's locales; any other code gets `GENERIC`.
 */
export const settlementReasons = [
  "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN",
  "ENTRADA_SETTLEMENT_DEADLINE_PASSED",
  "ENTRADA_SETTLEMENT_SETTLER_REFUSED",
  "ENTRADA_SETTLEMENT_REVERTED",
  "ENTRADA_SETTLEMENT_TX_REPLACED",
  "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
  "ENTRADA_SETTLER_UNAVAILABLE",
  "ENTRADA_RELAYER_KEY_CONFLICT",
  "ENTRADA_RELAYER_FAILED",
  "ENTRADA_RELAYED_CALL_REVERTED",
  "GENERIC",
] as const;

/** A reason with its own words. */
export type SettlementReason = (typeof settlementReasons)[number];

/**
 * The reason to explain for a settlement: its code when the locales have words for it, `GENERIC`
 * for a code added on the server since; `null` when there is nothing to explain.
 *
 * @example
 * settlementReason({ status: "blocked", reason: { code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN", message } }) // "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN"
 */
export function settlementReason(settlement: Pick<Settlement, "reason"> | null): SettlementReason | null {
  const code = settlement?.reason?.code;
  if (code === undefined) return null;
  return (settlementReasons as readonly string[]).includes(code) ? (code as SettlementReason) : "GENERIC";
}

/**
 * Whether the token's issuer holds the settlement (a paused token, a blacklisted payer or payout):
 * the money waits in the escrow and the server sends it by itself once the issuer lifts the block.
 *
 * @example
 * isHeldByIssuer({ status: "blocked", reason: { code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER", message } }) // true
 */
export function isHeldByIssuer(settlement: Pick<Settlement, "status" | "reason"> | null): boolean {
  return settlement?.status === "blocked" && settlement.reason?.code === "ENTRADA_SETTLEMENT_HELD_BY_ISSUER";
}

/**
 * Whether the settlement is late in a way worth telling people: blocked, or waiting for a retry
 * after a failure.
 *
 * @example
 * isSettlementDelayed({ status: "queued", reason: { code: "ENTRADA_RELAYER_FAILED", message } }) // true
 */
export function isSettlementDelayed(settlement: Pick<Settlement, "status" | "reason"> | null): boolean {
  return settlement?.status === "blocked" || (settlement?.status === "queued" && settlement.reason !== null);
}
