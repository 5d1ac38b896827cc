import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { routeSecurity } from "../http/routeSecurity.ts";
import { idParamsSchema, reasonSchema } from "../schemas/primitives.ts";
import type { EvisaService } from "../services/createEvisaService.ts";
import { renderEvisaPdf } from "../views/evisaPdf.ts";
import { evisaViewSchema, toEvisaView } from "../views/evisaView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";
import { sendPublicJson } from "./wellKnownRoutes.ts";

/** How long browsers and verifiers may cache a status list token, as the identity lists. */
const statusListMaxAgeSeconds = 60;

/**
 * The e-visa of an application (issue 12): `GET /applications/:id/evisa` (its holder, or the
 * authority's officers: the SD-JWT VC, the seal and its QR), `GET /applications/:id/evisa.pdf` (the
 * same readers: the printable e-visa) and
 * `POST /applications/:id/evisa/revoke` (the authority's officers).
 *
 * @example
 * await api.register(evisaRoutes, { evisas, apiPrefix: "/api/v1" })
 */
export const evisaRoutes: ApiPlugin<{ evisas: EvisaService; apiPrefix: string }> = async (
  app,
  { evisas, apiPrefix },
) => {
  const pdfUrl = (id: string) => `${apiPrefix}/applications/${id}/evisa.pdf`;

  app.get(
    "/applications/:id/evisa",
    {
      schema: {
        tags: ["applications"],
        operationId: "getEvisa",
        summary:
          "The issued e-visa: the SD-JWT VC, the seal the QR carries (base64url) and the QR as a PNG data URL; its holder or the authority's officers",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_API_KEY_SCOPE", "ENTRADA_NOT_FOUND", "ENTRADA_FORBIDDEN", "ENTRADA_EVISA_NOT_ISSUED"],
        params: idParamsSchema,
        response: { 200: evisaViewSchema },
      },
    },
    async (request, reply) => {
      const view = await toEvisaView(await evisas.get(request.user, request.params.id), {
        pdfUrl: pdfUrl(request.params.id),
      });
      // Personal data: never in a shared cache.
      return reply.header("cache-control", "private, no-store").send(view);
    },
  );

  app.get(
    "/applications/:id/evisa.pdf",
    {
      schema: {
        tags: ["applications"],
        operationId: "getEvisaPdf",
        summary:
          "The printable e-visa (one A4 page): the authority, the visa's fields labelled in English and the traveller's language, and the seal's QR; its holder or the authority's officers",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_API_KEY_SCOPE", "ENTRADA_NOT_FOUND", "ENTRADA_FORBIDDEN", "ENTRADA_EVISA_NOT_ISSUED"],
        params: idParamsSchema,
        response: {
          200: {
            description: "The e-visa as a PDF, downloaded as `evisa-<reference>.pdf`",
            content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
          },
        },
      },
    },
    async (request, reply) => {
      const evisa = await evisas.printable(request.user, request.params.id);
      const { qrPng } = await toEvisaView(evisa, { pdfUrl: pdfUrl(request.params.id) });
      const pdf = await renderEvisaPdf(evisa, qrPng);
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="evisa-${evisa.reference}.pdf"`)
        .header("cache-control", "private, no-store")
        .send(Buffer.from(pdf));
    },
  );

  app.post(
    "/applications/:id/evisa/revoke",
    {
      config: { idempotent: true },
      schema: {
        tags: ["officer"],
        operationId: "revokeEvisa",
        summary:
          "Revoke the e-visa (fraud found later, passport reported lost): its status list entry turns invalid and the traveller is told",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_API_KEY_SCOPE", "ENTRADA_NOT_FOUND", "ENTRADA_FORBIDDEN", "ENTRADA_EVISA_NOT_ISSUED"],
        params: idParamsSchema,
        body: z.object({ reason: reasonSchema }).strict(),
        response: { 200: evisaViewSchema },
      },
    },
    async (request) =>
      toEvisaView(await evisas.revoke(request.user, request.params.id, request.body), {
        pdfUrl: pdfUrl(request.params.id),
      }),
  );
};

const authorityListParams = {
  type: "object",
  required: ["id", "listId"],
  properties: {
    id: { type: "string", minLength: 1, maxLength: 64 },
    listId: { type: "integer", minimum: 1, maximum: 2_147_483_647 },
  },
} as const;

/**
 * What a verifier of e-visas reads besides the authority's keys (`didRoutes`): the type metadata at
 * the `vct` (`GET /vct/evisa/v1`, SD-JWT VC type metadata with labels in en, zh and es) and each
 * authority's status lists (`GET /authorities/:id/status-lists/:listId`, a `statuslist+jwt` signed
 * with the authority's key). Public, readable from any origin.
 *
 * @example
 * await app.register(evisaPublicRoutes({ evisas }))
 */
export function evisaPublicRoutes({ evisas }: { evisas: EvisaService }): FastifyPluginAsync {
  const vctPath = new URL(evisas.vct).pathname;
  return async (app) => {
    app.get(
      vctPath,
      {
        schema: {
          tags: ["authorities"],
          operationId: "getEvisaTypeMetadata",
          summary: "The e-visa's SD-JWT VC type metadata: name, description and claim labels in en, zh and es",
          security: routeSecurity.public,
          response: {
            200: {
              description: "SD-JWT VC Type Metadata (draft-ietf-oauth-sd-jwt-vc, 6)",
              type: "object",
              required: ["vct", "name", "display", "claims"],
              additionalProperties: true,
              properties: {
                vct: { type: "string" },
                name: { type: "string" },
                description: { type: "string" },
                display: { type: "array", items: { type: "object", additionalProperties: true } },
                claims: { type: "array", items: { type: "object", additionalProperties: true } },
              },
            },
          },
        },
      },
      async (_request, reply) => sendPublicJson(reply, evisas.typeMetadata()),
    );
    app.get<{ Params: { id: string; listId: number } }>(
      "/authorities/:id/status-lists/:listId",
      {
        schema: {
          tags: ["authorities"],
          operationId: "getAuthorityStatusList",
          summary: "An authority's Token Status List of e-visas (application/statuslist+jwt), signed with its key",
          security: routeSecurity.public,
          params: authorityListParams,
          errors: ["ENTRADA_NOT_FOUND"],
          response: {
            200: {
              description: "The status list token: a JWT (`typ: statuslist+jwt`) signed by the authority's issuer key",
              content: { "application/statuslist+jwt": { schema: { type: "string" } } },
            },
          },
        },
      },
      async (request, reply) => {
        const token = await evisas.statusListToken(request.params.id, request.params.listId);
        return reply
          .header("content-type", "application/statuslist+jwt")
          .header("cache-control", `public, max-age=${statusListMaxAgeSeconds}`)
          .header("access-control-allow-origin", "*")
          .send(token);
      },
    );
  };
}
