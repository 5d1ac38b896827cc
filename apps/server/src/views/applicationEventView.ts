import type { applicationEvents } from "@entrada/db";
import { z } from "zod";

/** A row of `application_events`. */
export type ApplicationEventRow = typeof applicationEvents.$inferSelect;

/** One entry of an application's audit trail. Actor ids stay internal; the role says who acted. */
export const applicationEventViewSchema = z.object({
  id: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  /** The state machine event, or `reorg_rollback` when a chain reorg undid a change. */
  event: z.string(),
  actorRole: z.string(),
  reason: z.string().nullable(),
  /** The chain transaction that caused it, for payments and settlements. */
  txHash: z.string().nullable(),
  at: z.string(),
});

/** The JSON of {@link applicationEventViewSchema}. */
export type ApplicationEventView = z.infer<typeof applicationEventViewSchema>;

/**
 * An audit entry for the API.
 *
 * @example
 * rows.map(toApplicationEventView)
 */
export function toApplicationEventView(row: ApplicationEventRow): ApplicationEventView {
  return {
    id: String(row.id),
    from: row.fromState,
    to: row.toState,
    event: row.event,
    actorRole: row.actorRole,
    reason: row.reason,
    txHash: row.txHash,
    at: row.at.toISOString(),
  };
}
