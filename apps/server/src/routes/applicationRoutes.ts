import { z } from "zod";
import { requireUser } from "../http/authenticate.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import { createApplicationBodySchema, updateApplicationBodySchema } from "../schemas/applicationSchemas.ts";
import {
  applicationStateSchema,
  idParamsSchema,
  pageQuerySchema,
  pageSchema,
  reasonSchema,
} from "../schemas/primitives.ts";
import type { ApplicationService } from "../services/createApplicationService.ts";
import { applicationEventViewSchema } from "../views/applicationEventView.ts";
import { applicationSummarySchema, applicationViewSchema } from "../views/applicationView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

/**
 * The applicant's side: `POST /applications` (a draft), `GET /applications` (their own),
 * `GET /applications/:id`, `PATCH /applications/:id` (answers), `POST /applications/:id/submit`,
 * `POST /applications/:id/cancel` and `GET /applications/:id/history` (the audit trail).
 *
 * @example
 * await app.register(applicationRoutes, { applications })
 */
export const applicationRoutes: ApiPlugin<{ applications: ApplicationService }> = async (app, { applications }) => {
  app.post(
    "/applications",
    {
      config: { idempotent: true },
      schema: {
        tags: ["applications"],
        operationId: "createApplication",
        summary: "Create a draft application for a product",
        security: routeSecurity.sessionOrApiKey,
        errors: [
          "ENTRADA_FORBIDDEN",
          "ENTRADA_PRODUCT_NOT_FOUND",
          "ENTRADA_NOT_FOUND",
          "ENTRADA_PRESENTATION_UNUSABLE",
        ],
        body: createApplicationBodySchema,
        response: { 201: applicationViewSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await applications.create(request.user, request.body)),
  );

  app.get(
    "/applications",
    {
      schema: {
        tags: ["applications"],
        operationId: "listApplications",
        summary: "The caller's applications (and their organisation's), newest first",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_CURSOR_INVALID"],
        querystring: pageQuerySchema.extend({ state: applicationStateSchema.optional() }).strict(),
        response: { 200: pageSchema(applicationSummarySchema) },
      },
    },
    async (request) => applications.list(requireUser(request), request.query),
  );

  app.get(
    "/applications/:id",
    {
      schema: {
        tags: ["applications"],
        operationId: "getApplication",
        summary: "One application with its applicant, answers, quote and available actions",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_NOT_FOUND"],
        params: idParamsSchema,
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => applications.get(request.user, request.params.id),
  );

  app.patch(
    "/applications/:id",
    {
      schema: {
        tags: ["applications"],
        operationId: "updateApplication",
        summary: "Edit the answers of a draft, or of an application that needs information",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_NOT_FOUND", "ENTRADA_FORBIDDEN", "ENTRADA_APPLICATION_LOCKED"],
        params: idParamsSchema,
        body: updateApplicationBodySchema,
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => applications.update(request.user, request.params.id, request.body),
  );

  app.post(
    "/applications/:id/submit",
    {
      config: { idempotent: true },
      schema: {
        tags: ["applications"],
        operationId: "submitApplication",
        summary: "Submit a complete draft, or hand the information asked for back to the officer",
        security: routeSecurity.sessionOrApiKey,
        errors: [
          "ENTRADA_NOT_FOUND",
          "ENTRADA_FORBIDDEN",
          "ENTRADA_ILLEGAL_TRANSITION",
          "ENTRADA_CONCURRENT_UPDATE",
          "ENTRADA_ANSWERS_INCOMPLETE",
          "ENTRADA_NOT_ELIGIBLE",
        ],
        params: idParamsSchema,
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => applications.submit(request.user, request.params.id),
  );

  app.post(
    "/applications/:id/cancel",
    {
      config: { idempotent: true },
      schema: {
        tags: ["applications"],
        operationId: "cancelApplication",
        summary: "Withdraw an application before paying",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_NOT_FOUND", "ENTRADA_FORBIDDEN", "ENTRADA_ILLEGAL_TRANSITION", "ENTRADA_CONCURRENT_UPDATE"],
        params: idParamsSchema,
        body: z.object({ reason: reasonSchema.optional() }).strict().nullish(),
        response: { 200: applicationViewSchema },
      },
    },
    async (request) => applications.cancel(request.user, request.params.id, request.body?.reason),
  );

  app.get(
    "/applications/:id/history",
    {
      schema: {
        tags: ["applications"],
        operationId: "getApplicationHistory",
        summary: "The audit trail: every change with who, when and why, oldest first",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_NOT_FOUND", "ENTRADA_CURSOR_INVALID"],
        params: idParamsSchema,
        querystring: pageQuerySchema.strict(),
        response: { 200: pageSchema(applicationEventViewSchema) },
      },
    },
    async (request) => applications.history(request.user, request.params.id, request.query),
  );
};
