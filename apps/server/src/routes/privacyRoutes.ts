import { z } from "zod";
import { sessionCookieName } from "../http/authenticate.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import { toJsonSchema } from "../http/zodTypeProvider.ts";
import type { PrivacyService } from "../services/createPrivacyService.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

/** What `DELETE /me` must be sent, so that no stray request erases an account. */
export const erasureConfirmation = "delete my account";

/** The export's sections; each holds the records of its kind, decrypted (see `createPrivacyService`). */
const exportSchema = z.object({
  exportedAt: z.string(),
  profile: z.looseObject({ id: z.string(), roles: z.array(z.string()) }),
  identity: z.record(z.string(), z.unknown()),
  applications: z.array(z.record(z.string(), z.unknown())),
  notifications: z.array(z.record(z.string(), z.unknown())),
  sessions: z.array(z.record(z.string(), z.unknown())),
});

/**
 * The data subject's rights: `GET /me/export` (everything Entrada holds about the caller, as a JSON
 * download) and `DELETE /me { confirm: "delete my account" }` (erasure: see `createPrivacyService`).
 *
 * @example
 * await app.register(privacyRoutes, { privacy })
 */
export const privacyRoutes: ApiPlugin<{ privacy: PrivacyService }> = async (app, { privacy }) => {
  app.get(
    "/me/export",
    {
      schema: {
        tags: ["auth"],
        operationId: "exportMyData",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_NOT_FOUND"],
        response: {
          200: {
            description:
              "Everything Entrada holds about the caller, as a JSON download (Content-Disposition: attachment)",
            // JSON Schema, not zod: the handler sends the export as pretty-printed text, not an object to check.
            content: { "application/json": { schema: toJsonSchema(exportSchema, "output") } },
          },
        },
        summary:
          "Everything Entrada holds about the caller (profile, identity, credentials, disclosures, applications, messages), as a JSON download",
      },
    },
    async (request, reply) => {
      const body = await privacy.export(request.user);
      const day = String(body.exportedAt).slice(0, 10);
      return reply
        .header("content-type", "application/json; charset=utf-8")
        .header("content-disposition", `attachment; filename="entrada-export-${day}.json"`)
        .header("cache-control", "private, no-store")
        .send(JSON.stringify(body, null, 2));
    },
  );

  app.delete(
    "/me",
    {
      schema: {
        tags: ["auth"],
        operationId: "eraseMyAccount",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_DOCUMENT_STORE_UNAVAILABLE"],
        summary:
          "Erase the caller's account: unpaid applications, identity and documents go; paid applications are anonymised",
        body: z.object({ confirm: z.literal(erasureConfirmation) }).strict(),
        response: {
          200: z.object({
            erasedAt: z.string(),
            applicationsKept: z.number(),
            applicationsDeleted: z.number(),
            documentsShredded: z.number(),
            credentialsRevoked: z.number(),
            evisasErased: z.number(),
          }),
        },
      },
    },
    async (request, reply) => {
      const report = await privacy.erase(request.user);
      reply.clearCookie(sessionCookieName, { path: "/" });
      return report;
    },
  );
};
