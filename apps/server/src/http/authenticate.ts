import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../auth/Principal.ts";
import { UnauthenticatedError } from "../errors/auth.ts";
import type { ApiKeyService } from "../services/createApiKeyService.ts";
import type { AuthService } from "../services/createAuthService.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling: set for every request by the authentication hook; `null` when anonymous. */
    user: Principal | null;
  }
}

/** Name of the session cookie. */
export const sessionCookieName = "entrada_session";

/**
 * The `onRequest` hook that sets `request.user`: from `Authorization: Bearer ek_…` (an API key), else
 * from the signed session cookie. A bad API key is refused at once (401); a stale or forged cookie
 * just leaves the request anonymous, so public routes keep working for that browser.
 *
 * @example
 * app.addHook("onRequest", createAuthenticateHook({ auth, apiKeys }));
 */
export function createAuthenticateHook({ auth, apiKeys }: { auth: AuthService; apiKeys: ApiKeyService }) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.user = null;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match === null) throw new UnauthenticatedError({ reason: "invalid_authorization" });
      const principal = await apiKeys.authenticate(match[1]!);
      if (principal === null) throw new UnauthenticatedError({ reason: "invalid_api_key" });
      request.user = principal;
      return;
    }
    const cookie = request.cookies[sessionCookieName];
    if (cookie === undefined) return;
    const unsigned = request.unsignCookie(cookie);
    if (!unsigned.valid || unsigned.value === null) {
      reply.clearCookie(sessionCookieName, { path: "/" });
      return;
    }
    request.user = await auth.resolveSession(unsigned.value);
  };
}

/**
 * The caller, or 401.
 *
 * @example
 * const user = requireUser(request);
 */
export function requireUser(request: FastifyRequest): Principal {
  if (request.user === null) throw new UnauthenticatedError();
  return request.user;
}
