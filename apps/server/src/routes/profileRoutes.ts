import { type Database, isUniqueViolation, locales, users } from "@entrada/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ApiError } from "../errors/ApiError.ts";
import { requireUser } from "../http/authenticate.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const profileSchema = z.object({ email: z.string().nullable(), locale: z.enum(locales) });

/**
 * The signed-in user's contact details: where e-mails go and in which language (en, zh, es).
 * `GET /me/profile`, `PATCH /me/profile { email?, locale? }`. A wallet user has no e-mail until they
 * give one here, and gets no e-mail before.
 *
 * @example
 * await app.register(profileRoutes, { db })
 */
export const profileRoutes: ApiPlugin<{ db: Database }> = async (app, { db }) => {
  app.get(
    "/me/profile",
    {
      schema: {
        tags: ["auth"],
        operationId: "getProfile",
        summary: "Where and in which language the user is told",
        security: routeSecurity.sessionOrApiKey,
        errors: ["ENTRADA_NOT_FOUND"],
        response: { 200: profileSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const [row] = await db
        .select({ email: users.email, locale: users.locale })
        .from(users)
        .where(eq(users.id, user.id));
      if (!row) throw new ApiError("No such user.", { code: "ENTRADA_NOT_FOUND", details: { resource: "user" } });
      return row;
    },
  );

  app.patch(
    "/me/profile",
    {
      schema: {
        tags: ["auth"],
        operationId: "updateProfile",
        summary: "Set the e-mail address and language of messages",
        security: routeSecurity.session,
        errors: ["ENTRADA_FORBIDDEN", "ENTRADA_NOT_FOUND", "ENTRADA_VALIDATION"],
        body: z
          .object({
            email: z.string().trim().toLowerCase().email().max(254).nullable().optional(),
            locale: z.enum(locales).optional(),
          })
          .strict()
          .refine((body) => body.email !== undefined || body.locale !== undefined, { message: "nothing to change" }),
        response: { 200: profileSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (user.via !== "session")
        throw new ApiError("Only a signed-in person changes their profile.", { code: "ENTRADA_FORBIDDEN" });
      const { email, locale } = request.body;
      try {
        const [row] = await db
          .update(users)
          .set({ ...(email !== undefined ? { email } : {}), ...(locale !== undefined ? { locale } : {}) })
          .where(eq(users.id, user.id))
          .returning({ email: users.email, locale: users.locale });
        if (!row) throw new ApiError("No such user.", { code: "ENTRADA_NOT_FOUND", details: { resource: "user" } });
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ApiError("That e-mail address belongs to another account.", {
            code: "ENTRADA_VALIDATION",
            details: { field: "email" },
          });
        }
        throw error;
      }
    },
  );
};
