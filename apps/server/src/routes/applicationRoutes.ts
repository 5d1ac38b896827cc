import { requiredDocuments } from "@entrada/core";
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
import { maxDocumentBytes } from "../services/createDocumentService.ts";
import { applicationEventViewSchema } from "../views/applicationEventView.ts";
import { applicationSummarySchema, applicationViewSchema } from "../views/applicationView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";
import { documentUploadTypes } from "./documentRoutes.ts";

/**
 * The applicant's side: `POST /applications` (a draft), `GET /applications` (their own),
 * `GET /applications/:id`, `PATCH /applications/:id` (answers), `POST /applications/:id/submit`,
 * `POST /applications/:id/cancel`, `GET /applications/:id/history` (the audit trail), and
 * `POST /applications/:id/documents?kind=` (a supporting document, as the raw body).
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
        errors: ["ENTRADA_API_KEY_SCOPE", "ENTRADA_NOT_FOUND"],
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

  // Raw bodies in this scope only: the rest of the API stays JSON-only.
  const documentUploads: ApiPlugin = async (uploads) => {
    uploads.addContentTypeParser(
      [...documentUploadTypes],
      { parseAs: "buffer", bodyLimit: maxDocumentBytes },
      (_request, body, done) => done(null, body),
    );
    uploads.post(
      "/applications/:id/documents",
      {
        bodyLimit: maxDocumentBytes,
        schema: {
          tags: ["applications"],
          operationId: "uploadApplicationDocument",
          summary:
            "Upload a supporting document the product requires or the officer asked for (raw body: JPEG, PNG, WebP or PDF, ≤ 10 MiB); sealed and stored by CID",
          security: routeSecurity.sessionOrApiKey,
          errors: [
            "ENTRADA_NOT_FOUND",
            "ENTRADA_FORBIDDEN",
            "ENTRADA_APPLICATION_LOCKED",
            "ENTRADA_DOCUMENT_NOT_ASKED",
            "ENTRADA_DOCUMENT_REJECTED",
            "ENTRADA_DOCUMENT_STORE_UNAVAILABLE",
            "ENTRADA_DOCUMENT_INTEGRITY",
          ],
          consumes: [...documentUploadTypes],
          params: idParamsSchema,
          querystring: z.object({ kind: z.enum(requiredDocuments) }).strict(),
          response: { 201: applicationViewSchema },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const bytes = Buffer.isBuffer(body)
          ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
          : new Uint8Array(0);
        const application = await applications.addDocument(request.user, request.params.id, {
          kind: request.query.kind,
          contentType: request.headers["content-type"] ?? "",
          bytes,
        });
        return reply.status(201).send(application);
      },
    );
  };
  await app.register(documentUploads);

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
          "ENTRADA_APPLICATION_DOCUMENTS_MISSING",
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
        errors: ["ENTRADA_API_KEY_SCOPE", "ENTRADA_NOT_FOUND", "ENTRADA_CURSOR_INVALID"],
        params: idParamsSchema,
        querystring: pageQuerySchema.strict(),
        response: { 200: pageSchema(applicationEventViewSchema) },
      },
    },
    async (request) => applications.history(request.user, request.params.id, request.query),
  );
};
