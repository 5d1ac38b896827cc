import { identityDocumentKinds } from "@entrada/db";
import { z } from "zod";
import { routeSecurity } from "../http/routeSecurity.ts";
import { idParamsSchema } from "../schemas/primitives.ts";
import { type DocumentService, maxDocumentBytes } from "../services/createDocumentService.ts";
import { documentViewSchema } from "../views/documentView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

/** Content types an upload may declare; the bytes decide the format (`checkDocumentUpload`). */
export const documentUploadTypes = [
  "image/jpeg",
  "image/jpg",
  "image/png",
  "image/webp",
  "application/pdf",
  "application/octet-stream",
] as const;

/** The media types a stored document is served as: what `checkDocumentUpload` recognises in the bytes. */
const documentMediaTypes = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;

/**
 * Identity documents: `POST /identity/documents?kind=passport_bio_page|photo` with the file as the
 * raw body (its image or PDF Content-Type, at most 10 MiB), and `GET /identity/documents/:id`,
 * which serves the document to its owner, to officers of an authority the owner applied to, and to
 * KYC reviewers while its check is flagged; every read is logged.
 *
 * @example
 * await app.register(documentRoutes, { documents })
 */
export const documentRoutes: ApiPlugin<{ documents: DocumentService }> = async (app, { documents }) => {
  // In this plugin's scope only: the rest of the API stays JSON-only.
  app.addContentTypeParser(
    [...documentUploadTypes],
    { parseAs: "buffer", bodyLimit: maxDocumentBytes },
    (_request, body, done) => done(null, body),
  );

  app.post(
    "/identity/documents",
    {
      bodyLimit: maxDocumentBytes,
      schema: {
        tags: ["identity"],
        operationId: "uploadDocument",
        security: routeSecurity.session,
        errors: [
          "ENTRADA_FORBIDDEN",
          "ENTRADA_DOCUMENT_REJECTED",
          "ENTRADA_DOCUMENT_STORE_UNAVAILABLE",
          "ENTRADA_DOCUMENT_INTEGRITY",
        ],
        consumes: [...documentUploadTypes],
        summary: "Upload an identity document (raw body: JPEG, PNG, WebP or PDF, ≤ 10 MiB); sealed and stored by CID",
        querystring: z.object({ kind: z.enum(identityDocumentKinds) }).strict(),
        response: { 201: documentViewSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const bytes = Buffer.isBuffer(body)
        ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
        : new Uint8Array(0);
      const document = await documents.upload(request.user, {
        kind: request.query.kind,
        contentType: request.headers["content-type"] ?? "",
        bytes,
      });
      return reply.status(201).send(document);
    },
  );

  app.get(
    "/identity/documents/:id",
    {
      schema: {
        tags: ["identity"],
        operationId: "getDocument",
        security: routeSecurity.sessionOrApiKey,
        errors: [
          "ENTRADA_API_KEY_SCOPE",
          "ENTRADA_NOT_FOUND",
          "ENTRADA_DOCUMENT_NOT_FOUND",
          "ENTRADA_DOCUMENT_STORE_UNAVAILABLE",
          "ENTRADA_DOCUMENT_INTEGRITY",
          "ENTRADA_DOCUMENT_DECRYPTION_FAILED",
        ],
        summary:
          "The document's bytes, for its owner, the officers of an authority the owner applied to, and KYC reviewers",
        params: idParamsSchema,
        response: {
          200: {
            description: "The document as it was uploaded, in its own media type",
            content: Object.fromEntries(
              documentMediaTypes.map((type) => [type, { schema: { type: "string", format: "binary" } }]),
            ),
          },
        },
      },
    },
    async (request, reply) => {
      const { document, bytes } = await documents.read(request.user, request.params.id);
      return reply
        .header("content-type", document.contentType)
        .header("cache-control", "private, no-store")
        .header("content-disposition", `inline; filename="${document.kind}-${document.id}"`)
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );
};
