import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { Principal } from "../auth/Principal.ts";
import type { Config } from "../config.ts";
import { requireUser, sessionCookieName } from "../http/authenticate.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import { signatureSchema, slugSchema, uuidSchema } from "../schemas/primitives.ts";
import { type AuthService, devLoginRoles, type OpenedSession } from "../services/createAuthService.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const meSchema = z.object({
  id: z.string(),
  via: z.enum(["session", "api_key"]),
  roles: z.array(z.string()),
  authorityId: z.string().nullable(),
  organisationId: z.string().nullable(),
  walletAddress: z.string().nullable(),
});

const sessionSchema = z.object({ user: meSchema, expiresAt: z.string() });

/** Sign-in attempts per minute and client: brute force gains nothing, but keeps the nonce table small. */
const signInRateLimit = { max: 30, timeWindow: 60_000 };

function toMe(principal: Principal): z.infer<typeof meSchema> {
  return {
    id: principal.id,
    via: principal.via,
    roles: [...principal.roles],
    authorityId: principal.authorityId ?? null,
    organisationId: principal.organisationId ?? null,
    walletAddress: principal.walletAddress ?? null,
  };
}

/**
 * Sign-In with Ethereum and sessions: `POST /auth/nonce`, `POST /auth/siwe`, `POST /auth/logout`,
 * `GET /me`, and on the local development chain only `POST /auth/dev-login`.
 *
 * The session cookie is httpOnly, SameSite=Lax (no cross-site POST carries it), signed, and Secure
 * outside development; the database keeps only a hash of its token.
 *
 * @example
 * await app.register(authRoutes, { auth, config })
 */
export const authRoutes: ApiPlugin<{ auth: AuthService; config: Config }> = async (app, { auth, config }) => {
  function setSessionCookie(reply: FastifyReply, session: OpenedSession): void {
    reply.setCookie(sessionCookieName, session.token, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: config.env !== "development",
      signed: true,
      expires: session.expiresAt,
    });
  }

  app.post(
    "/auth/nonce",
    {
      config: { rateLimit: signInRateLimit },
      schema: {
        tags: ["auth"],
        operationId: "createSignInNonce",
        summary: "A single-use nonce and the fields the EIP-4361 message must carry",
        security: routeSecurity.public,
        response: {
          201: z.object({
            nonce: z.string(),
            expiresAt: z.string(),
            domain: z.string(),
            uri: z.string(),
            chainId: z.number(),
            version: z.literal("1"),
          }),
        },
      },
    },
    async (_request, reply) => {
      const { nonce, expiresAt } = await auth.createNonce();
      return reply.status(201).send({
        nonce,
        expiresAt: expiresAt.toISOString(),
        domain: config.siweDomain,
        uri: config.publicUrl,
        chainId: config.chain.id,
        version: "1" as const,
      });
    },
  );

  app.post(
    "/auth/siwe",
    {
      config: { rateLimit: signInRateLimit },
      schema: {
        tags: ["auth"],
        operationId: "signInWithEthereum",
        summary: "Sign in with a signed EIP-4361 message; sets the session cookie",
        security: routeSecurity.public,
        errors: ["ENTRADA_SIWE_INVALID"],
        body: z.object({ message: z.string().min(1).max(4096), signature: signatureSchema }).strict(),
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const session = await auth.signIn(request.body);
      setSessionCookie(reply, session);
      return { user: toMe(session.principal), expiresAt: session.expiresAt.toISOString() };
    },
  );

  app.post(
    "/auth/logout",
    {
      schema: {
        tags: ["auth"],
        operationId: "signOut",
        summary: "Ends the session and clears its cookie",
        security: routeSecurity.optionalSession,
        response: { 204: z.undefined().describe("Signed out (also when no session was open)") },
      },
    },
    async (request, reply) => {
      const sessionId = request.user?.sessionId;
      if (sessionId !== undefined) await auth.logout(sessionId);
      reply.clearCookie(sessionCookieName, { path: "/" });
      return reply.status(204).send();
    },
  );

  // For pages that work signed in or not: 200 either way, so that a browser logs no failed request.
  app.get(
    "/auth/session",
    {
      schema: {
        tags: ["auth"],
        operationId: "getSession",
        summary: "Who is signed in: the user, or null (200 either way)",
        security: routeSecurity.optionalUser,
        response: { 200: z.object({ user: meSchema.nullable() }) },
      },
    },
    async (request) => ({ user: request.user ? toMe(request.user) : null }),
  );

  app.get(
    "/me",
    {
      schema: {
        tags: ["auth"],
        operationId: "getMe",
        summary: "The signed-in user or API key",
        security: routeSecurity.sessionOrApiKey,
        response: { 200: meSchema },
      },
    },
    async (request) => toMe(requireUser(request)),
  );

  // Demo officers and staff have no wallet; on the local chain in development they sign in by role.
  if (config.env === "development" && config.chain.isLocal) {
    app.post(
      "/auth/dev-login",
      {
        schema: {
          tags: ["auth"],
          operationId: "devSignIn",
          security: routeSecurity.public,
          errors: ["ENTRADA_NOT_FOUND"],
          summary:
            "Development only: sign in as a demo officer, organisation admin, support agent, operator or KYC reviewer",
          body: z
            .object({
              role: z.enum(devLoginRoles),
              authorityId: slugSchema.optional(),
              organisationId: uuidSchema.optional(),
            })
            .strict()
            .refine((body) => body.role !== "officer" || body.authorityId !== undefined, {
              message: "an officer needs authorityId",
              path: ["authorityId"],
            }),
          response: { 200: sessionSchema },
        },
      },
      async (request, reply) => {
        const session = await auth.devLogin(request.body);
        setSessionCookie(reply, session);
        return { user: toMe(session.principal), expiresAt: session.expiresAt.toISOString() };
      },
    );
  }
};
