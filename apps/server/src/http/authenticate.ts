import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../auth/Principal.ts";
import { UnauthenticatedError } from "../errors/auth.ts";
import type { ApiKeyService } from "../services/createApiKeyService.ts";
import type { AuthService } from "../services/createAuthService.ts";
import { requiresUser } from "./routeSecurity.ts";

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
 * from the signed session cookie; and that enforces the route's declared `schema.security`
 * (`routeSecurity`), so that the OpenAPI document and the server cannot disagree:
 * - on a route that requires credentials, an anonymous request and a bad API key get 401 here, before
 *   validation or the handler run;
 * - on any other route (public, credentials optional, unknown paths) a bad API key is ignored like a
 *   stale or forged cookie, and the request goes on anonymous: such routes never answer 401 (but a
 *   route with a scheme of its own, the metrics token, checks its header itself).
 *
 * @example
 * app.addHook("onRequest", createAuthenticateHook({ auth, apiKeys }));
 */
export function createAuthenticateHook({ auth, apiKeys }: { auth: AuthService; apiKeys: ApiKeyService }) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.user = null;
    const required = requiresUser(request.routeOptions.schema?.security);
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match === null ? null : await apiKeys.authenticate(match[1]!);
      if (principal !== null) {
        request.user = principal;
        return;
      }
      if (required) {
        throw new UnauthenticatedError({ reason: match === null ? "invalid_authorization" : "invalid_api_key" });
      }
      return;
    }
    const cookie = request.cookies[sessionCookieName];
    if (cookie !== undefined) {
      const unsigned = request.unsignCookie(cookie);
      if (!unsigned.valid || unsigned.value === null) {
        reply.clearCookie(sessionCookieName, { path: "/" });
      } else {
        request.user = await auth.resolveSession(unsigned.value);
      }
    }
    if (required && request.user === null) throw new UnauthenticatedError();
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
