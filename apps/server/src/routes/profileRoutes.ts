import { type Database, locales, users } from "@entrada/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ApiError } from "../errors/ApiError.ts";
import { EmailCodeRateLimitedError, EmailUnverifiedError } from "../errors/contactEmail.ts";
import { requireUser } from "../http/authenticate.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { ContactEmailService } from "../services/createContactEmailService.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const profileSchema = z.object({
  email: z.string().nullable().describe("The verified address every message goes to; `null`: no e-mail is sent."),
  pendingEmail: z.string().nullable().describe("An address a code was sent to that can still be entered."),
  locale: z.enum(locales),
});
const emailSchema = z.string().trim().toLowerCase().email().max(254);

/**
 * The signed-in user's contact details: where e-mails go and in which language (en, zh, es).
 * `GET /me/profile`, `PATCH /me/profile { email: null?, locale? }`. A wallet user has no e-mail until
 * they prove they read one: `POST /me/email/verification { email }` sends a six-digit code there, in
 * their language, and `POST /me/email/verification/confirm { email, code }` makes it their
 * notification address.
 *
 * @example
 * await app.register(profileRoutes, { db, contactEmail })
 */
export const profileRoutes: ApiPlugin<{ db: Database; contactEmail: ContactEmailService }> = async (
  app,
  { db, contactEmail },
) => {
  const readProfile = async (userId: string) => {
    const [row] = await db.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId));
    if (!row) throw new ApiError("No such user.", { code: "ENTRADA_NOT_FOUND", details: { resource: "user" } });
    return { ...row, pendingEmail: await contactEmail.pendingEmail(userId) };
  };
  const requirePerson = (request: Parameters<typeof requireUser>[0]) => {
    const user = requireUser(request);
    if (user.via !== "session")
      throw new ApiError("Only a signed-in person changes their profile.", { code: "ENTRADA_FORBIDDEN" });
    return user;
  };

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
    async (request) => readProfile(requireUser(request).id),
  );

  app.patch(
    "/me/profile",
    {
      schema: {
        tags: ["auth"],
        operationId: "updateProfile",
        summary: "Set the language of messages, or stop e-mails (a new address is verified first)",
        security: routeSecurity.session,
        errors: ["ENTRADA_EMAIL_UNVERIFIED", "ENTRADA_FORBIDDEN", "ENTRADA_NOT_FOUND"],
        body: z
          .object({ email: emailSchema.nullable().optional(), locale: z.enum(locales).optional() })
          .strict()
          .refine((body) => body.email !== undefined || body.locale !== undefined, { message: "nothing to change" }),
        response: { 200: profileSchema },
      },
    },
    async (request) => {
      const user = requirePerson(request);
      const { email, locale } = request.body;
      const current = await readProfile(user.id);
      // Only removing the address (or naming the current one) needs no proof; a new one needs its code.
      if (email !== undefined && email !== null && email !== current.email) throw new EmailUnverifiedError();
      await db
        .update(users)
        .set({ ...(email === null ? { email: null } : {}), ...(locale !== undefined ? { locale } : {}) })
        .where(eq(users.id, user.id));
      return readProfile(user.id);
    },
  );

  app.post(
    "/me/email/verification",
    {
      schema: {
        tags: ["auth"],
        operationId: "requestEmailCode",
        summary: "E-mail a six-digit code to an address, in the user's language, to verify it",
        security: routeSecurity.session,
        errors: ["ENTRADA_EMAIL_CODE_RATE_LIMITED", "ENTRADA_EMAIL_TAKEN", "ENTRADA_FORBIDDEN", "ENTRADA_NOT_FOUND"],
        body: z.object({ email: emailSchema }).strict(),
        response: {
          200: z.object({
            status: z
              .enum(["sent", "verified"])
              .describe("`sent`: enter the code next; `verified`: it is the notification address already."),
            email: z.string(),
            expiresAt: z.string().nullable().describe("When the code stops working; `null` when none was sent."),
          }),
        },
      },
    },
    async (request, reply) => {
      const user = requirePerson(request);
      try {
        const result = await contactEmail.requestCode({ userId: user.id, email: request.body.email });
        return {
          status: result.status,
          email: result.email,
          expiresAt: result.status === "sent" ? result.expiresAt.toISOString() : null,
        };
      } catch (error) {
        if (error instanceof EmailCodeRateLimitedError) reply.header("retry-after", String(error.retryAfterSeconds));
        throw error;
      }
    },
  );

  app.post(
    "/me/email/verification/confirm",
    {
      schema: {
        tags: ["auth"],
        operationId: "confirmEmailCode",
        summary: "Enter the code: the address becomes the user's notification address",
        security: routeSecurity.session,
        errors: [
          "ENTRADA_EMAIL_CODE_ATTEMPTS_EXCEEDED",
          "ENTRADA_EMAIL_CODE_EXPIRED",
          "ENTRADA_EMAIL_CODE_WRONG",
          "ENTRADA_EMAIL_TAKEN",
          "ENTRADA_FORBIDDEN",
          "ENTRADA_NOT_FOUND",
        ],
        body: z
          .object({
            email: emailSchema,
            code: z
              .string()
              .trim()
              .regex(/^\d{6}$/, "six digits"),
          })
          .strict(),
        response: { 200: profileSchema },
      },
    },
    async (request) => {
      const user = requirePerson(request);
      await contactEmail.confirm({ userId: user.id, email: request.body.email, code: request.body.code });
      return readProfile(user.id);
    },
  );
};
