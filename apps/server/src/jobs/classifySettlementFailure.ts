import type { SettlementKind } from "@entrada/db";
import { type SettlementBlockCode, settlementBlockCodes } from "../errors/settlementBlockCodes.ts";

/** What went wrong with a settlement, as the worker saw it. */
export type SettlementFault =
  /** `relayer.send` threw: the pre-flight reverted, the RPC or the database failed, no settler. */
  | { type: "error"; error: unknown }
  /** The transaction was mined and reverted; `reason` is the relayer's decoded revert (`EscrowNotOpen(0x…)`). */
  | { type: "reverted"; reason: string | null }
  /** The transaction's nonce went to another transaction of the account. */
  | { type: "replaced" };

/** A code a settlement job may carry in `last_error_code`. */
export type SettlementFailureCode =
  | SettlementBlockCode
  | "ENTRADA_SETTLER_UNAVAILABLE"
  | "ENTRADA_RELAYER_KEY_CONFLICT"
  | "ENTRADA_RELAYED_CALL_REVERTED"
  | "ENTRADA_RELAYER_FAILED";

/**
 * What to do about a fault: `retry` after a backoff, for ever (it may pass: the RPC down, a nonce
 * taken, the chain's clock behind); or `block` until an operator retries (or, for a code with
 * `recheckAfterMs`, until the re-check), because sending the same call again would fail the same way.
 */
export type SettlementFailure = {
  outcome: "retry" | "block";
  code: SettlementFailureCode;
  /** For officers, operators and the log: what failed, with the decoded contract error. */
  message: string;
  /** For `block`: when to try again on its own, if ever. */
  recheckAfterMs?: number | undefined;
};

/** A contract error the escrow (or the token) reverts with, and what it means for a settlement. */
type RevertRule = {
  /** The decoded error's name (`EscrowNotOpen`; `Error` for a `require` message). */
  errorName: string;
  /** Only when the revert's text also matches (a `require` message, say). */
  text?: RegExp;
  outcome: "retry" | "block";
  code: SettlementFailureCode;
  message: (kind: SettlementKind) => string;
};

/** What the settlement would have paid out, and to whom, in words for a held settlement's message. */
const heldSettlement: Record<SettlementKind, string> = {
  release: "the authority's fee",
  refund: "the payer's refund",
  claim: "the payer's expiry claim",
};

/**
 * The table: contract errors whose meaning is known. Any other revert blocks the job as
 * `ENTRADA_SETTLEMENT_REVERTED`. A revert caused by the token issuer (Circle's FiatTokenV2_2 answers
 * a blacklisted account or a paused token with `Error("Blacklistable: account is blacklisted")` and
 * `Error("Pausable: paused")`, its `require` messages) holds the job with a code that has
 * `recheckAfterMs`: the issuer may lift it without anyone at Entrada acting.
 */
const revertRules: readonly RevertRule[] = [
  {
    errorName: "EscrowNotOpen",
    outcome: "block",
    code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN",
    message: () =>
      "The escrow holds no open payment for this application on the chain (never paid there, or already settled).",
  },
  {
    errorName: "EscrowDeadlinePassed",
    outcome: "block",
    code: "ENTRADA_SETTLEMENT_DEADLINE_PASSED",
    message: () =>
      "The decision deadline has passed, so the escrow no longer releases the fee; the payer gets it back in full instead.",
  },
  {
    errorName: "EscrowUnauthorizedSettler",
    outcome: "block",
    code: "ENTRADA_SETTLEMENT_SETTLER_REFUSED",
    message: () => "The escrow does not accept this server's settler key for the authority.",
  },
  {
    errorName: "EscrowAuthorityInactive",
    outcome: "block",
    code: "ENTRADA_SETTLEMENT_SETTLER_REFUSED",
    message: () => "The authority is deactivated in the escrow, which releases nothing to it.",
  },
  {
    errorName: "Error",
    text: /Blacklistable: account is blacklisted/,
    outcome: "block",
    code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
    message: (kind) =>
      `The token's issuer has blacklisted an account that ${heldSettlement[kind]} moves from or to; the money stays in the escrow and is sent once the issuer lifts it.`,
  },
  {
    errorName: "Error",
    text: /Pausable: paused/,
    outcome: "block",
    code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
    message: (kind) =>
      `The token's issuer has paused the token, which stops ${heldSettlement[kind]}; the money stays in the escrow and is sent once the issuer unpauses it.`,
  },
  {
    // `claimExpired` before the chain's clock passed the deadline: the chain catches up by itself.
    errorName: "EscrowDeadlineNotPassed",
    outcome: "retry",
    code: "ENTRADA_RELAYED_CALL_REVERTED",
    message: () => "The chain's clock has not passed the decision deadline yet.",
  },
];

/**
 * Classifies a settlement's failure with one table, so that the worker never retries blindly what
 * cannot succeed and never gives up on what may: a call that would revert (its decoded contract
 * error looked up in the table), a missing settler key or a relayer key reused for another call is
 * blocked; anything else (the RPC unreachable, a node error, a nonce taken, the database) is retried.
 * A transaction mined and reverted is always blocked: its relayer key is spent.
 *
 * @example
 * classifySettlementFailure("release", { type: "error", error: new RelayedCallRevertedError({ key, errorName: "EscrowNotOpen", args: [id], error: "EscrowNotOpen(0x…)" }) })
 * // { outcome: "block", code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN", message: "The escrow holds no open payment …" }
 */
export function classifySettlementFailure(kind: SettlementKind, fault: SettlementFault): SettlementFailure {
  if (fault.type === "replaced") {
    return block(
      "ENTRADA_SETTLEMENT_TX_REPLACED",
      "The transaction was never mined: its nonce was used by another transaction of the same account.",
    );
  }
  if (fault.type === "reverted") {
    const text = fault.reason ?? "reverted";
    const rule = findRule(errorNameOf(text), text);
    const message = `The transaction was mined and reverted with ${text}.`;
    return block(rule?.code ?? "ENTRADA_SETTLEMENT_REVERTED", rule ? `${rule.message(kind)} (${message})` : message);
  }
  const { error } = fault;
  const code = codeOf(error);
  if (code === "ENTRADA_SETTLER_UNAVAILABLE" || code === "ENTRADA_RELAYER_KEY_CONFLICT") {
    return block(code, shortMessageOf(error));
  }
  if (code === "ENTRADA_RELAYED_CALL_REVERTED") {
    const { errorName, details } = error as { errorName?: unknown; details?: { error?: unknown } };
    const text = typeof details?.error === "string" ? details.error : "reverted";
    const rule = findRule(typeof errorName === "string" ? errorName : errorNameOf(text), text);
    if (rule === undefined) {
      return block("ENTRADA_SETTLEMENT_REVERTED", `The escrow call would revert with ${text}; it was not sent.`);
    }
    const message = `${rule.message(kind)} (The call would revert with ${text}; it was not sent.)`;
    return rule.outcome === "retry" ? { outcome: "retry", code: rule.code, message } : block(rule.code, message);
  }
  return {
    outcome: "retry",
    code: "ENTRADA_RELAYER_FAILED",
    message: `The relayer could not send the transaction: ${shortMessageOf(error)}`,
  };
}

/** An account a settlement moves money from or to, named for the held settlement's message. */
export type IssuerHeldAccount = { role: "escrow" | "payer" | "payout"; address: string };

const accountRoles: Record<IssuerHeldAccount["role"], string> = {
  escrow: "the escrow",
  payer: "the payer",
  payout: "the authority's payout",
};

/**
 * The failure for a hold the token's issuer puts on a settlement, read from the token before sending
 * (`paused()`, `isBlacklisted(account)`): held with the same code as the revert it spares, re-checked
 * on its own.
 *
 * @example
 * classifyIssuerHold("refund", { paused: false, blacklisted: [{ role: "payer", address: "0x7099…" }] })
 * // { outcome: "block", code: "ENTRADA_SETTLEMENT_HELD_BY_ISSUER", message: "The token's issuer has blacklisted the payer 0x7099…; …", recheckAfterMs: 300000 }
 */
export function classifyIssuerHold(
  kind: SettlementKind,
  hold: { paused: boolean; blacklisted: readonly IssuerHeldAccount[] },
): SettlementFailure {
  const causes = [
    ...(hold.paused ? ["paused the token"] : []),
    ...(hold.blacklisted.length === 0
      ? []
      : [
          `blacklisted ${hold.blacklisted.map((account) => `${accountRoles[account.role]} ${account.address}`).join(" and ")}`,
        ]),
  ];
  return block(
    "ENTRADA_SETTLEMENT_HELD_BY_ISSUER",
    `The token's issuer has ${causes.join(" and ")}; ${heldSettlement[kind]} stays in the escrow and is sent once the issuer lifts it. (Read from the token before sending; nothing was sent.)`,
  );
}

/**
 * Whether a mined transaction's revert (the relayer's decoded `error`) was the token issuer's hold:
 * the escrow record is then still open, and once the hold is lifted the settlement may be sent again
 * under a new relayer key (the old one is spent on the reverted transaction).
 *
 * @example
 * isIssuerHoldRevert('Error("Pausable: paused")') // true
 */
export function isIssuerHoldRevert(reason: string | null | undefined): boolean {
  if (reason === null || reason === undefined) return false;
  return findRule(errorNameOf(reason), reason)?.code === "ENTRADA_SETTLEMENT_HELD_BY_ISSUER";
}

function block(code: SettlementFailureCode, message: string): SettlementFailure {
  const entry = (settlementBlockCodes as Record<string, { recheckAfterMs?: number }>)[code];
  return { outcome: "block", code, message, recheckAfterMs: entry?.recheckAfterMs };
}

function findRule(errorName: string | undefined, text: string): RevertRule | undefined {
  return revertRules.find((rule) => rule.errorName === errorName && (rule.text === undefined || rule.text.test(text)));
}

/** `EscrowNotOpen` of `EscrowNotOpen(0x…)`. */
function errorNameOf(text: string): string | undefined {
  return /^([A-Za-z_]\w*)\(/.exec(text)?.[1];
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** One line about the error, without its stack or nested causes (viem's messages run to pages). */
function shortMessageOf(error: unknown): string {
  if (error instanceof Error) {
    const short = (error as Error & { shortMessage?: unknown }).shortMessage;
    const text = typeof short === "string" ? short : error.message;
    return (text.split("\n")[0] ?? "").slice(0, 500) || error.name;
  }
  return `a value that is not an Error was thrown: ${String(error).slice(0, 200)}`;
}
