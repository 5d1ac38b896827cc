import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import helmet from "helmet";

/** Options of {@link computeSecurityHeaders} and {@link securityHeaders}. */
export type SecurityHeadersOptions = {
  /**
   * The chain's public JSON-RPC URL: the web app talks to it from the browser, so its origin (over
   * http and WebSocket) joins `connect-src`.
   */
  rpcUrl?: string | undefined;
  /** The public JSON-RPC URLs of further chains served, joining `connect-src` like {@link rpcUrl}. */
  rpcUrls?: readonly string[] | undefined;
  /**
   * Whether the CSP asks browsers to upgrade http requests to https. Default true; off when the app
   * is served over plain http (local development), where every upgraded request would fail (Safari
   * upgrades even requests to 127.0.0.1).
   */
  upgradeInsecureRequests?: boolean | undefined;
  /**
   * Whether to send `Strict-Transport-Security`. Default: as {@link upgradeInsecureRequests}, since
   * both hold exactly when the app is served over https. Over plain http the header means nothing
   * to browsers (RFC 6797 has them ignore it) and tells a scanner the deployment is confused; worse,
   * a proxy that later adds TLS for the same host name would find it pinned from a stale answer.
   */
  strictTransportSecurity?: boolean | undefined;
};

/**
 * The origins of a JSON-RPC URL over http(s) and ws(s): `http://127.0.0.1:8545` gives
 * `http://127.0.0.1:8545` and `ws://127.0.0.1:8545`.
 *
 * @example
 * rpcOrigins("wss://rpc.example/v1") // ["https://rpc.example", "wss://rpc.example"]
 */
export function rpcOrigins(rpcUrl: string): string[] {
  const url = new URL(rpcUrl);
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  return [`${secure ? "https" : "http"}://${url.host}`, `${secure ? "wss" : "ws"}://${url.host}`];
}

/**
 * The headers helmet sets (CSP, HSTS, no sniffing, frame and referrer policies…), worked out once.
 * `@fastify/helmet` with `global: true` rebuilds helmet (and re-parses the CSP) on every request,
 * about a tenth of the status endpoint's CPU; the headers never change, so they are computed at
 * start-up and copied onto each reply.
 *
 * HSTS only for an https app (see {@link SecurityHeadersOptions.strictTransportSecurity}). The CSP is
 * helmet's default, adjusted for the built web app: scripts and stylesheets from the app only, no
 * inline `<style>` element or `style` attribute (React's `style` props are set through the CSSOM,
 * which `style-src` does not govern). A page with its own inline stylesheet widens `style-src` for
 * itself alone: index.html and the dev pages by the hash of their `<style>` (webAppRoutes, devPages),
 * /docs with `'unsafe-inline'` for swagger-ui (app.ts). Images also from `data:` and `blob:`;
 * objects and frames only from `blob:` (a PDF the app fetched, in the officer's document viewer);
 * `connect-src` the app and the chain's public RPC; workers (the service worker) and the manifest
 * from the app.
 *
 * @example
 * computeSecurityHeaders({ rpcUrl: "http://127.0.0.1:8545", upgradeInsecureRequests: false })["content-security-policy"]
 * // "default-src 'self';…;connect-src 'self' http://127.0.0.1:8545 ws://127.0.0.1:8545;…"
 */
export function computeSecurityHeaders(options: SecurityHeadersOptions = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  const https = options.strictTransportSecurity ?? options.upgradeInsecureRequests !== false;
  helmet({
    strictTransportSecurity: https,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        // The officer's document viewer shows a PDF in an <object> from a blob: URL of the bytes it fetched;
        // Chromium renders that PDF in a frame, which frame-src governs (else it falls back to default-src).
        "object-src": ["blob:"],
        "frame-src": ["blob:"],
        "connect-src": [
          "'self'",
          ...new Set(
            [...(options.rpcUrl === undefined ? [] : [options.rpcUrl]), ...(options.rpcUrls ?? [])].flatMap(rpcOrigins),
          ),
        ],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "upgrade-insecure-requests": options.upgradeInsecureRequests === false ? null : [],
      },
    },
  })({} as IncomingMessage, response, () => {});
  return headers;
}

/**
 * Sets the security headers of {@link computeSecurityHeaders} on every reply.
 *
 * @example
 * await app.register(securityHeaders, { rpcUrls: config.chains.map((chain) => chain.publicRpcUrl) });
 */
export const securityHeaders: FastifyPluginAsync<SecurityHeadersOptions> = fp(async (app, options) => {
  const headers = computeSecurityHeaders(options);
  app.addHook("onRequest", async (_request, reply) => {
    reply.headers(headers);
  });
});
