import { requiredDocuments } from "@entrada/core";
import { z } from "zod";
import { uuidPattern } from "../http/cursor.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import {
  applicationStateSchema,
  idParamsSchema,
  pageQuerySchema,
  pageSchema,
  reasonSchema,
} from "../schemas/primitives.ts";
import type { ApplicationService } from "../services/createApplicationService.ts";
import type { DecisionService } from "../services/createDecisionService.ts";
import type { OfficerQueueService } from "../services/createOfficerQueueService.ts";
import type { OfficerStatsService } from "../services/createOfficerStatsService.ts";
import { applicationViewSchema } from "../views/applicationView.ts";
import {
  officerQueueCountsSchema,
  officerQueueRowSchema,
  officerQueueViewSchema,
} from "../views/officerQueueRowView.ts";
import { settlementViewSchema } from "../views/settlementView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

/** An approval or rejection: the application as decided, and where its settlement job stands. */
const decisionSchema = z.object({ application: applicationViewSchema, settlement: settlementViewSchema });

const countSchema = z.number().int().nonnegative();
const statsSchema = z.object({
  authorityId: z.string(),
  days: z.number(),
  byState: z.record(z.string(), countSchema),
  byDay: z.array(z.object({ day: z.string(), submitted: countSchema, paid: countSchema, decided: countSchema })),
  feesReleased: z.array(z.object({ token: z.string(), amount: z.string() })),
  timeToDecision: z.object({
    count: countSchema,
    medianSeconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
    p95Seconds: z.number().nullable(),
    withinServiceLevel: countSchema,
    serviceLevelHours: z.array(z.number().int().min(1)),
  }),
  overdue: countSchema,
});

/**
 * The authority's side: `GET /officer/applications` (the queue: a view — needs action by default —
 * and a search, oldest decision deadline first, each row with the applicant's name and the amount
 * paid, the counts on the first page),
 * `GET /officer/applications/:id`, the decisions `request-info`, `approve` and `reject`, and
 * `GET /officer/stats?days=` (the dashboard's figures). Approval and rejection record a settlement job
 * (`release`/`refund` with the authority's settler key) with the decision, and answer where it stands
 * (queued, sent, or blocked with the reason) — never an error once the decision is taken; the
 * application becomes `issued`/`refunded` when the indexer sees the escrow's event.
 * `POST /officer/applications/:id/settlement/retry` takes a blocked settlement up again.
 *
 * @example
 * await app.register(officerRoutes, { applications, decisions, stats, queue })
 */
export const officerRoutes: ApiPlugin<{
  applications: ApplicationService;
  decisions: DecisionService;
  stats: OfficerStatsService;
  queue: OfficerQueueService;
}> = async (app, { applications, decisions, stats, queue }) => {
  app.get(
    "/officer/stats",
    {
      schema: {
        tags: ["officer"],
        operationId: "getOfficerStats",
        summary: "The authority's figures: by state, per day, fees released, time to decision, overdue",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_API_KEY_SCOPE", "ENTRADA_FORBIDDEN"],
        querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }).strict(),
        response: { 200: statsSchema },
      },
    },
    async (request) => stats.stats(request.user, request.query),
  );

  app.get(
    "/officer/applications",
    {
      schema: {
        tags: ["officer"],
        operationId: "listOfficerApplications",
        summary:
          "The authority's queue, oldest decision deadline first: a view (default: needs action), a search, the counts",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_API_KEY_SCOPE", "ENTRADA_FORBIDDEN", "ENTRADA_CURSOR_INVALID"],
        querystring: pageQuerySchema
          .extend({
            /** `needs_action` (default: paid or under review), `overdue`, `all`, or one state. */
            view: officerQueueViewSchema.optional(),
            /** One state: the same as `view=<state>` (kept for earlier clients). */
            state: applicationStateSchema.optional(),
            /** A short reference, or words of the applicant's name (all must match, any order, any case). */
            q: z.string().trim().min(1).max(100).optional(),
            /** A short reference as the officer typed it (`ENT-7K3Q-9XPA`, `7k3q 9xpa`). */
            reference: z.string().min(1).max(32).optional(),
            /** Only this application, if it is in the view: how the desk puts a live event's row in place. */
            id: z.string().regex(uuidPattern).optional(),
          })
          .strict(),
        response: {
          200: pageSchema(officerQueueRowSchema).extend({
            /** On the first page (no cursor): counts per state, needs action, overdue, and the view's total. */
            counts: officerQueueCountsSchema.nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { state, view, ...query } = request.query;
      return queue.list(request.user, { ...query, view: state ?? view });
    },
  );

  app.get(
    "/officer/applications/:id",
    {
      schema: {
        tags: ["officer"],
        operationId: "getOfficerApplication",
        summary: "One application of the authority, with the applicant's data",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_API_KEY_SCOPE", "ENTRADA_NOT_FOUND"],
        params: idParamsSchema,
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => applications.get(request.user, request.params.id),
  );

  app.post(
    "/officer/applications/:id/request-info",
    {
      config: { idempotent: true },
      schema: {
        tags: ["officer"],
        operationId: "requestApplicationInfo",
        summary: "Ask the applicant for more information, and for documents to upload (`documents`)",
        security: routeSecurity.sessionOrApiKey,
        errors: [
          "ENTRADA_API_KEY_SCOPE",
          "ENTRADA_NOT_FOUND",
          "ENTRADA_FORBIDDEN",
          "ENTRADA_ILLEGAL_TRANSITION",
          "ENTRADA_CONCURRENT_UPDATE",
        ],
        params: idParamsSchema,
        body: z
          .object({
            reason: reasonSchema,
            /** Documents the applicant must upload before handing the application back. */
            documents: z.array(z.enum(requiredDocuments)).max(requiredDocuments.length).optional(),
          })
          .strict(),
        response: { 200: applicationViewSchema },
      },
    },
    async (request) =>
      decisions.requestInfo(request.user, request.params.id, request.body.reason, request.body.documents),
  );

  app.post(
    "/officer/applications/:id/approve",
    {
      config: { idempotent: true },
      schema: {
        tags: ["officer"],
        operationId: "approveApplication",
        summary: "Approve; the escrow is released to the authority",
        security: routeSecurity.sessionOrApiKey,
        errors: [
          "ENTRADA_API_KEY_SCOPE",
          "ENTRADA_NOT_FOUND",
          "ENTRADA_FORBIDDEN",
          "ENTRADA_ILLEGAL_TRANSITION",
          "ENTRADA_CONCURRENT_UPDATE",
        ],
        params: idParamsSchema,
        body: z.object({ reason: reasonSchema.optional() }).strict().nullish(),
        response: { 200: decisionSchema },
      },
    },
    async (request) => decisions.approve(request.user, request.params.id, request.body?.reason),
  );

  app.post(
    "/officer/applications/:id/reject",
    {
      config: { idempotent: true },
      schema: {
        tags: ["officer"],
        operationId: "rejectApplication",
        summary: "Reject with a reason; the payer is refunded in full",
        security: routeSecurity.sessionOrApiKey,
        errors: [
          "ENTRADA_API_KEY_SCOPE",
          "ENTRADA_NOT_FOUND",
          "ENTRADA_FORBIDDEN",
          "ENTRADA_ILLEGAL_TRANSITION",
          "ENTRADA_CONCURRENT_UPDATE",
        ],
        params: idParamsSchema,
        body: z.object({ reason: reasonSchema }).strict(),
        response: { 200: decisionSchema },
      },
    },
    async (request) => decisions.reject(request.user, request.params.id, request.body.reason),
  );

  app.post(
    "/officer/applications/:id/settlement/retry",
    {
      config: { idempotent: true },
      schema: {
        tags: ["officer"],
        operationId: "retrySettlement",
        summary: "Retry a blocked settlement now, once its cause is fixed (officers of the authority, operators)",
        security: routeSecurity.sessionOrApiKey,
        params: idParamsSchema,
        body: z.object({}).strict().nullish(),
        response: { 200: z.object({ settlement: settlementViewSchema }) },
        errors: ["ENTRADA_API_KEY_SCOPE", "ENTRADA_FORBIDDEN", "ENTRADA_NOT_FOUND"],
      },
    },
    async (request) => decisions.retrySettlement(request.user, request.params.id),
  );
};
