import type { FastifySchema } from "fastify";

/** The `security` of a route, as the OpenAPI document writes it. */
export type RouteSecurity = NonNullable<FastifySchema["security"]>;

/**
 * Who may call a route, in OpenAPI's words: every route names one of these as its `schema.security`,
 * and that one declaration is documented, enforced and tested (docs/api.md, "The OpenAPI document"):
 * the authentication hook answers 401 to an anonymous request on a route that requires credentials
 * before anything else runs, and ignores bad credentials on a route that does not, so that only routes
 * which require credentials can answer `401 ENTRADA_UNAUTHENTICATED`. The schemes are those of the
 * document's `components.securitySchemes`: `session` (the signed session cookie of Sign-In with
 * Ethereum) and `apiKey` (`Authorization: Bearer ek_…`).
 *
 * @example
 * app.get("/me", { schema: { operationId: "getMe", summary: "…", security: routeSecurity.sessionOrApiKey } }, …)
 */
export const routeSecurity = {
  /** Anyone; credentials are not read (the answer is the same for everybody). */
  public: [],
  /** Anyone; a session, when sent, is acted on (logout). */
  optionalSession: [{}, { session: [] }],
  /** Anyone; a session or API key, when sent, changes the answer (who is signed in). */
  optionalUser: [{}, { session: [] }, { apiKey: [] }],
  /** A person signed in with a session: identity and privacy, which no system may act on. */
  session: [{ session: [] }],
  /** A person signed in, or an authority's or organisation's system with an API key. */
  sessionOrApiKey: [{ session: [] }, { apiKey: [] }],
} as const satisfies Record<string, RouteSecurity>;

/**
 * Whether a route's `security` requires credentials: it names at least one scheme and no empty
 * (anonymous) alternative. A route that declares none requires none (unknown paths, the web app).
 *
 * @example
 * requiresCredentials(routeSecurity.session) // true
 * requiresCredentials(routeSecurity.optionalUser) // false
 */
export function requiresCredentials(security: RouteSecurity | undefined): boolean {
  return security !== undefined && security.length > 0 && security.every((scheme) => Object.keys(scheme).length > 0);
}

/** The schemes the authentication hook checks; others (the metrics token) are their route's own. */
const userSchemes = new Set(["session", "apiKey"]);

/**
 * Whether a route requires a user's credentials, a session or an API key: the routes on which the
 * authentication hook refuses anonymous requests and bad API keys. A route with a scheme of its own
 * (`metricsToken`) checks it itself, and the hook leaves its `Authorization` header alone.
 *
 * @example
 * requiresUser(routeSecurity.sessionOrApiKey) // true
 * requiresUser([{ metricsToken: [] }]) // false
 */
export function requiresUser(security: RouteSecurity | undefined): boolean {
  return (
    security !== undefined &&
    requiresCredentials(security) &&
    security.every((scheme) => Object.keys(scheme).every((name) => userSchemes.has(name)))
  );
}
