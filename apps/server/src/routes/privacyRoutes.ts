import { z } from "zod";
import { sessionCookieName } from "../http/authenticate.ts";
import type { PrivacyService } from "../services/createPrivacyService.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

/** What `DELETE /me` must be sent, so that no stray request erases an account. */
export const erasureConfirmation = "delete my account";

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
