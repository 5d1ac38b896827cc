/** The officer routes' answers beyond what api/types.ts already describes (docs/api.md, officer routes). */
import type { Application, ApplicationSummary, Money, Settlement } from "../../api/types.ts";

export type { Settlement } from "../../api/types.ts";

/** `POST /officer/applications/:id/approve` and `…/reject`: the decision and where its settlement stands. */
export type DecisionResult = { application: Application; settlement: Settlement };

/** `POST /officer/applications/:id/settlement/retry`. */
export type SettlementRetryResult = { settlement: Settlement };

/** One UTC day of the authority's activity (`GET /officer/stats`). */
export type OfficerStatsDay = { day: string; submitted: number; paid: number; decided: number };

/** `GET /officer/stats?days=`: the dashboard's figures. Fee amounts are minor units as decimal strings. */
export type OfficerStats = {
  authorityId: string;
  days?: number;
  byState: Record<string, number>;
  byDay: OfficerStatsDay[];
  feesReleased: { token: string; amount: string }[];
  timeToDecision: {
    count: number;
    medianSeconds: number | null;
    p90Seconds: number | null;
    p95Seconds: number | null;
    /** Of `count`, decided within their product's service level. */
    withinServiceLevel: number;
    /** The authority's products' service levels, in hours, shortest first. */
    serviceLevelHours: number[];
  };
  overdue: number;
};

/** A row of the officer's queue (`GET /officer/applications`): what the desk shows, in one request per page. */
export type OfficerQueueRow = ApplicationSummary & {
  applicant: { name: string; nationality: string };
  /** What the payer paid into the escrow, in its token; `null` if unknown. */
  paid: (Money & { decimals: number }) | null;
  /** The product's service level and when the case is due by it (first payment + `hours`). */
  serviceLevel: { hours: number; dueAt: string | null };
  overdue: boolean;
};

/** The queue's counts over every application of the authority (the first page carries them). */
export type OfficerQueueCounts = {
  byState: Record<string, number>;
  needsAction: number;
  overdue: number;
  /** Applications in the view asked for, search included. */
  total: number;
};

/** A page of the queue: `counts` on the first page only. */
export type OfficerQueuePage = {
  items: OfficerQueueRow[];
  nextCursor: string | null;
  counts: OfficerQueueCounts | null;
};
