import { requiredDocuments } from "@entrada/core";
import { z } from "zod";
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
import type { OfficerStatsService } from "../services/createOfficerStatsService.ts";
import { applicationSummarySchema, applicationViewSchema } from "../views/applicationView.ts";
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
  }),
  overdue: countSchema,
});

/**
 * The authority's side: `GET /officer/applications` (the queue, oldest first, from payment on),
 * `GET /officer/applications/:id`, the decisions `request-info`, `approve` and `reject`, and
 * `GET /officer/stats?days=` (the dashboard's figures). Approval and rejection record a settlement job
 * (`release`/`refund` with the authority's settler key) with the decision, and answer where it stands
 * (queued, sent, or blocked with the reason) — never an error once the decision is taken; the
 * application becomes `issued`/`refunded` when the indexer sees the escrow's event.
 * `POST /officer/applications/:id/settlement/retry` takes a blocked settlement up again.
 *
 * @example
 * await app.register(officerRoutes, { applications, decisions, stats })
 */
export const officerRoutes: ApiPlugin<{
  applications: ApplicationService;
  decisions: DecisionService;
  stats: OfficerStatsService;
}> = async (app, { applications, decisions, stats }) => {
  app.get(
    "/officer/stats",
    {
      schema: {
        tags: ["officer"],
        operationId: "getOfficerStats",
        summary: "The authority's figures: by state, per day, fees released, time to decision, overdue",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_FORBIDDEN"],
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
        summary: "The authority's applications from payment on, oldest first",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_CURSOR_INVALID"],
        querystring: pageQuerySchema
          .extend({
            state: applicationStateSchema.optional(),
            /** A short reference as the officer typed it (`ENT-7K3Q-9XPA`, `7k3q 9xpa`). */
            reference: z.string().min(1).max(32).optional(),
          })
          .strict(),
        response: { 200: pageSchema(applicationSummarySchema) },
      },
    },
    async (request) => applications.listForAuthority(request.user, request.query),
  );

  app.get(
    "/officer/applications/:id",
    {
      schema: {
        tags: ["officer"],
        operationId: "getOfficerApplication",
        summary: "One application of the authority, with the applicant's data",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_NOT_FOUND"],
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
        errors: ["ENTRADA_NOT_FOUND", "ENTRADA_FORBIDDEN", "ENTRADA_ILLEGAL_TRANSITION", "ENTRADA_CONCURRENT_UPDATE"],
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
        errors: ["ENTRADA_NOT_FOUND", "ENTRADA_FORBIDDEN", "ENTRADA_ILLEGAL_TRANSITION", "ENTRADA_CONCURRENT_UPDATE"],
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
        errors: ["ENTRADA_NOT_FOUND", "ENTRADA_FORBIDDEN", "ENTRADA_ILLEGAL_TRANSITION", "ENTRADA_CONCURRENT_UPDATE"],
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
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_NOT_FOUND"],
      },
    },
    async (request) => decisions.retrySettlement(request.user, request.params.id),
  );
};
