import { z } from "zod";
import {
  applicationStateSchema,
  idParamsSchema,
  pageQuerySchema,
  pageSchema,
  reasonSchema,
} from "../schemas/primitives.ts";
import type { ApplicationService } from "../services/createApplicationService.ts";
import type { DecisionService } from "../services/createDecisionService.ts";
import { applicationSummarySchema, applicationViewSchema } from "../views/applicationView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const decisionSchema = z.object({
  application: applicationViewSchema,
  settlement: z.object({ kind: z.enum(["release", "refund"]), txHash: z.string(), status: z.string() }),
});

/**
 * The authority's side: `GET /officer/applications` (the queue, oldest first, from payment on),
 * `GET /officer/applications/:id`, and the decisions `request-info`, `approve` and `reject`. Approval
 * and rejection send `release`/`refund` with the authority's settler key; the application becomes
 * `issued`/`refunded` when the indexer sees the escrow's event.
 *
 * @example
 * await app.register(officerRoutes, { applications, decisions })
 */
export const officerRoutes: ApiPlugin<{ applications: ApplicationService; decisions: DecisionService }> = async (
  app,
  { applications, decisions },
) => {
  app.get(
    "/officer/applications",
    {
      schema: {
        tags: ["officer"],
        summary: "The authority's applications from payment on, oldest first",
        querystring: pageQuerySchema.extend({ state: applicationStateSchema.optional() }).strict(),
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
        summary: "One application of the authority, with the applicant's data",
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
        summary: "Ask the applicant for more information",
        params: idParamsSchema,
        body: z.object({ reason: reasonSchema }).strict(),
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => decisions.requestInfo(request.user, request.params.id, request.body.reason),
  );

  app.post(
    "/officer/applications/:id/approve",
    {
      config: { idempotent: true },
      schema: {
        tags: ["officer"],
        summary: "Approve; the escrow is released to the authority",
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
        summary: "Reject with a reason; the payer is refunded in full",
        params: idParamsSchema,
        body: z.object({ reason: reasonSchema }).strict(),
        response: { 200: decisionSchema },
      },
    },
    async (request) => decisions.reject(request.user, request.params.id, request.body.reason),
  );
};
