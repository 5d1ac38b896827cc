import { settlementJobStatuses, settlementKinds } from "@entrada/db";
import { z } from "zod";
import { settlementBlockCodes } from "../errors/settlementBlockCodes.ts";
import type { SettlementJob } from "../jobs/enqueueSettlement.ts";

/**
 * Where an application's settlement stands: the escrow call its decision or expiry owes (`release`,
 * `refund`, `claim`), whether it is queued, sent, succeeded or blocked, and why it is blocked (or why
 * its last attempt failed while it is retried).
 */
export const settlementViewSchema = z.object({
  kind: z.enum(settlementKinds),
  status: z.enum(settlementJobStatuses),
  /** The relayer's transaction, once sent. */
  txHash: z.string().nullable(),
  /** Sends tried so far. */
  attempts: z.number().int().nonnegative(),
  /** When it is tried (or its transaction checked) next; `null` when nothing is due. */
  nextAttemptAt: z.string().nullable(),
  /**
   * Why it is blocked; while it is retried, why the last attempt failed. `code` is stable
   * (docs/errors.md, "Settlement"), `message` is English for officers and operators.
   */
  reason: z
    .object({
      code: z
        .string()
        .describe(
          `Stable (docs/errors.md, "Settlement"): ${Object.keys(settlementBlockCodes).join(", ")}, ENTRADA_SETTLER_UNAVAILABLE, ENTRADA_RELAYER_KEY_CONFLICT, or, while retried, ENTRADA_RELAYER_FAILED, ENTRADA_RELAYED_CALL_REVERTED. ENTRADA_SETTLEMENT_HELD_BY_ISSUER: the token's issuer holds it (paused token, blacklisted account); the money stays in escrow and it is re-checked at nextAttemptAt and settled once lifted.`,
        ),
      message: z.string(),
    })
    .nullable(),
  updatedAt: z.string(),
});

/** The JSON of {@link settlementViewSchema}. */
export type SettlementView = z.infer<typeof settlementViewSchema>;

/**
 * The public form of a settlement job.
 *
 * @example
 * toSettlementView(job) // { kind: "release", status: "blocked", reason: { code: "ENTRADA_SETTLEMENT_ESCROW_NOT_OPEN", … }, … }
 */
export function toSettlementView(job: SettlementJob): SettlementView {
  return {
    kind: job.kind,
    status: job.status,
    txHash: job.txHash,
    attempts: job.attempts,
    nextAttemptAt: job.nextAttemptAt?.toISOString() ?? null,
    reason:
      job.lastErrorCode === null
        ? null
        : { code: job.lastErrorCode, message: job.lastErrorMessage ?? job.lastErrorCode },
    updatedAt: job.updatedAt.toISOString(),
  };
}
