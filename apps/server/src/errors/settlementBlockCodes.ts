/** One entry of {@link settlementBlockCodes}. */
export type SettlementBlockCodeEntry = {
  /** What blocks the settlement and what an operator does about it; docs/errors.md lists these. */
  readonly description: string;
  /**
   * When set, a job blocked for this reason is tried again on its own this long after (the cause may
   * lift without anyone at Entrada acting: a token issuer lifting a pause). Without it only an
   * operator's retry (`POST /officer/applications/:id/settlement/retry`) takes it up again.
   */
  readonly recheckAfterMs?: number;
};

/**
 * Why a settlement job is `blocked`: stable codes beside the API's, for reasons that no HTTP
 * request answers with (a job's `last_error_code`, the application's `settlement.reason.code`). A job
 * may also be blocked with a code of another registry that says it exactly: `ENTRADA_SETTLER_UNAVAILABLE`
 * (no settler key configured), `ENTRADA_RELAYER_KEY_CONFLICT`. A published code is never renamed
 * or reused for another meaning.
 *
 * To add a reason, add its code here (with
 * `recheckAfterMs` when it may lift by itself), a rule in `classifySettlementFailure`'s table, its row
 * in docs/errors.md and its words in the web app's locales.
 *
 * @example
 * settlementBlockCodes.ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN.description
 */
export const settlementBlockCodes = {
  ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN: {
    description:
      "The escrow holds no open payment for the application (`EscrowNotOpen`): it was never paid on this chain (a development chain started afresh, say), or it is already settled. Check the chain; nothing can be paid out.",
  },
  ENTRADA_SETTLEMENT_DEADLINE_PASSED: {
    description:
      "The approval came after the escrow's decision deadline (`EscrowDeadlinePassed`), so the escrow no longer releases the fee to the authority; the expiry job returns it to the payer (`claimExpired`).",
  },
  ENTRADA_SETTLEMENT_SETTLER_REFUSED: {
    description:
      "The escrow refuses the settler (`EscrowUnauthorizedSettler`: the configured key is not the authority's settler on chain; or `EscrowAuthorityInactive`: the authority is deactivated and cannot be paid). Fix the key or the registry, then retry.",
  },
  ENTRADA_SETTLEMENT_REVERTED: {
    description:
      "The escrow call reverts for another reason, or its transaction was mined and reverted; the message names the decoded contract error. Investigate before retrying.",
  },
  ENTRADA_SETTLEMENT_TX_REPLACED: {
    description:
      "The settlement's transaction was never mined: its nonce was used by another transaction of the same account (a second process or a person using the key). Stop the other sender, then retry.",
  },
  ENTRADA_SETTLEMENT_HELD_BY_ISSUER: {
    description:
      "The token's issuer holds the money in the escrow: it paused the token (Circle's `Pausable: paused`) or blacklisted an account the settlement pays or sends from, such as the payer of a refund or claim or the authority's payout of a release (`Blacklistable: account is blacklisted`). Nothing is lost and nothing is sent while it lasts; the worker reads the token's `paused()` and `isBlacklisted(account)` every 5 minutes and settles on its own once the issuer lifts the block. An operator's retry checks at once.",
    recheckAfterMs: 5 * 60_000,
  },
} as const satisfies Record<string, SettlementBlockCodeEntry>;

/** A code of {@link settlementBlockCodes}. */
export type SettlementBlockCode = keyof typeof settlementBlockCodes;
