import type { FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { MethodNotAllowedError } from "../errors/http.ts";
import { errorHandler } from "./errorHandler.ts";

/** A route path as a pattern over request paths: `:name` matches one segment. */
type PathPattern = { pattern: RegExp; methods: Set<string> };

function toPattern(url: string): RegExp {
  const source = url
    .split("/")
    .map((segment) =>
      segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, (character) => `\\${character}`),
    )
    .join("/");
  return new RegExp(`^${source}$`);
}

/**
 * 405 Method Not Allowed for a known path asked with a method it does not serve, instead of 404 (or
 * whatever the body parser would have said first): `onRoute` learns every route's path and methods,
 * and an `onRequest` hook, for requests that matched no route, answers
 * `405 ENTRADA_METHOD_NOT_ALLOWED` with an `Allow` header when some route serves that path. Unknown
 * paths stay 404. Catch-all routes (`/*`, the web app's files) make no path known: a POST to a page
 * of the web app is a 404, as before. Add both hooks on the root instance before any route.
 *
 * @example
 * const methodNotAllowed = createMethodNotAllowed();
 * app.addHook("onRoute", methodNotAllowed.onRoute);
 * app.addHook("onRequest", methodNotAllowed.onRequest);
 */
export function createMethodNotAllowed() {
  const paths = new Map<string, PathPattern>();
  return {
    onRoute(route: RouteOptions): void {
      if (route.url.includes("*")) return;
      const known = paths.get(route.url) ?? { pattern: toPattern(route.url), methods: new Set<string>() };
      for (const method of [route.method].flat()) known.methods.add(method.toUpperCase());
      // Fastify answers HEAD for every GET route (exposeHeadRoutes).
      if (known.methods.has("GET")) known.methods.add("HEAD");
      paths.set(route.url, known);
    },

    async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      if (!request.is404) return undefined;
      const end = request.url.search(/[?#]/);
      const path = end === -1 ? request.url : request.url.slice(0, end);
      const allowed = new Set<string>();
      for (const { pattern, methods } of paths.values()) {
        if (pattern.test(path)) for (const method of methods) allowed.add(method);
      }
      if (allowed.size === 0 || allowed.has(request.method)) return undefined;
      const allow = [...allowed].sort();
      reply.header("allow", allow.join(", "));
      return errorHandler(new MethodNotAllowedError({ method: request.method, allow }), request, reply);
    },
  };
}
