import { z } from "zod";
import { applicationStateSchema } from "../schemas/primitives.ts";
import { applicationSummarySchema } from "./applicationView.ts";
import { moneyViewSchema } from "./moneyView.ts";

/**
 * A row of the officer's queue: the application's summary and what the row shows beside it — the
 * applicant's name and nationality, the amount paid in its token, whether it is overdue — so that a
 * page of the queue is one request, not one per row.
 */
export const officerQueueRowSchema = applicationSummarySchema.extend({
  applicant: z.object({
    /** Given names then surname, as in the passport. */
    name: z.string(),
    /** ISO 3166-1 alpha-3 (ICAO codes such as `UTO` included). */
    nationality: z.string(),
  }),
  /** What the payer paid into the escrow (the paid quote's total), with the token's decimals; `null` if unknown. */
  paid: moneyViewSchema.extend({ decimals: z.number().int().nonnegative() }).nullable(),
  /**
   * The product's published service level and when this case is due by it: the first confirmed
   * payment plus `hours` (`null` before any payment). Beside `decisionDeadline`, which the escrow
   * enforces; the service level is the authority's commitment.
   */
  serviceLevel: z.object({ hours: z.number().int().min(1), dueAt: z.string().nullable() }),
  /** Undecided (paid, under review, needs info) and past its decision deadline, now. */
  overdue: z.boolean(),
});

/** The JSON of {@link officerQueueRowSchema}. */
export type OfficerQueueRow = z.infer<typeof officerQueueRowSchema>;

/** What the queue's views hold besides one state: see `officerQueueViews`. */
export const officerQueueViewSchema = z.union([z.enum(["needs_action", "overdue", "all"]), applicationStateSchema]);

/** The queue's counts, computed by the server over every application of the authority. */
export const officerQueueCountsSchema = z.object({
  /** Applications in each state the authority sees (every such state, zeros included). */
  byState: z.record(z.string(), z.number().int().nonnegative()),
  /** Paid or under review: waiting for the officer. */
  needsAction: z.number().int().nonnegative(),
  /** Undecided and past the decision deadline. */
  overdue: z.number().int().nonnegative(),
  /** Applications in the view asked for, search included: the list's true length. */
  total: z.number().int().nonnegative(),
});

/** The JSON of {@link officerQueueCountsSchema}. */
export type OfficerQueueCounts = z.infer<typeof officerQueueCountsSchema>;
