import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { allowStylesOnReply, inlineStyleSources } from "../http/inlineStyleSources.ts";
import { type HomePage, languageCookie, pickHomeLanguage } from "./homePage.ts";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Parameters of {@link webAppRoutes}. */
export type WebAppRoutesParameters = {
  /** The built web app: `index.html`, `assets/`, `manifest.webmanifest`, `sw.js`… */
  distDir: string;
  /** The HTML `/` shows while the folder has no `index.html` (the placeholder of devPages). */
  placeholder: string;
  /**
   * Writes the home page (`/`) per visitor: the eligibility form in their language inside the HTML
   * (createHomePage). Without it, or when it has nothing to write with, `/` is `index.html` as built.
   */
  homePage?: HomePage | undefined;
};

/** Paths that belong to the server, never to the web app: no file and no fallback there. */
export const reservedPrefixes = ["/api", "/docs", "/dev", "/.well-known"] as const;

/** Vite's content-hashed bundles: a changed file gets a new name, so they never need revalidating. */
const assetsPrefix = "/assets/";
const immutable = "public, max-age=31536000, immutable";
/** Everything else (index.html, the manifest, the service worker, icons) is revalidated each time. */
const revalidate = "no-cache";

/**
 * Serves the built web app at `/` with @fastify/static: files from `distDir` (hashed `/assets/*`
 * cached for a year, immutable; everything else `no-cache`, revalidated by ETag), brotli or gzip
 * where the build left a precompressed copy and the browser accepts it, the manifest as
 * `application/manifest+json`, `sw.js` with `Service-Worker-Allowed: /`, and `index.html` for any GET
 * that accepts `text/html` and names no file (the app's own routes, e.g. `/applications/…`), except
 * under {@link reservedPrefixes} and `/assets/`. While `distDir` has no `index.html`, `/` shows the
 * placeholder; the folder is looked at on each request, so a build shows up without a restart.
 *
 * The app-wide CSP allows no inline stylesheet; index.html and the placeholder each carry one (the
 * shell painted before any script runs), so their replies add the hash of their own `<style>` to
 * `style-src`. The hash is taken from the file as served, again whenever it changes: the build
 * minifies the stylesheet, and a rebuild while the server runs must not leave a stale hash.
 *
 * `/` itself is written per visitor by `homePage` when given: the eligibility form in the language of
 * the `entrada_language` cookie or Accept-Language, and its results for a submitted query string;
 * compressed as the browser accepts (each distinct page once, kept), `Vary: Accept-Encoding,
 * Accept-Language, Cookie`, `Content-Language`, revalidated by ETag.
 *
 * Not rate-limited: a page load fetches many files, and serving one costs no more than a 404.
 *
 * @example
 * plugins: [webAppRoutes({ distDir: config.webDistDir, placeholder: placeholderPage({ config, deployment, chainUrl }) })]
 */
export function webAppRoutes({ distDir, placeholder, homePage }: WebAppRoutesParameters): FastifyPluginAsync {
  const root = resolve(distDir);
  return async (app) => {
    // Only the `sendFile` decorator: the route below decides what is served. `preCompressed`: the
    // build writes `.br` and `.gz` copies beside each text file (apps/web/build/precompress.ts); the one
    // the browser accepts is sent with `Content-Encoding`, its own length and ETag, and
    // `Vary: Accept-Encoding` (set below), with the plain file for a client that accepts neither.
    await app.register(fastifyStatic, { serve: false, cacheControl: false, dotfiles: "deny", preCompressed: true });

    const placeholderStyles = inlineStyleSources(placeholder);
    /** index.html's inline stylesheets, read again when the file's size or time changes (a rebuild). */
    let indexStyles: { mtimeMs: number; size: number; sources: string[] } | undefined;
    async function indexStyleSources(): Promise<string[]> {
      const path = join(root, "index.html");
      try {
        const { mtimeMs, size } = await stat(path);
        if (indexStyles?.mtimeMs !== mtimeMs || indexStyles.size !== size) {
          indexStyles = { mtimeMs, size, sources: inlineStyleSources(await readFile(path, "utf8")) };
        }
        return indexStyles.sources;
      } catch {
        // Gone since it was looked at (a build empties the folder first): sendFile answers 404.
        return [];
      }
    }

    async function sendFile(reply: FastifyReply, file: string): Promise<FastifyReply> {
      reply.header("cache-control", file.startsWith(assetsPrefix) ? immutable : revalidate);
      if (file === "/index.html") allowStylesOnReply(reply, await indexStyleSources());
      if (file === "/sw.js") reply.header("service-worker-allowed", "/");
      // The encoding sent depends on Accept-Encoding, so caches must keep one copy per encoding (this
      // @fastify/static does not say so itself).
      const vary = reply.getHeader("vary");
      reply.header("vary", vary === undefined ? "Accept-Encoding" : `${String(vary)}, Accept-Encoding`);
      return reply.sendFile(file.slice(1), root);
    }

    /** Compressed copies of the pages written, by their hash: the same few pages are asked for again and again. */
    const compressed = new Map<string, { br: Buffer; gzip: Buffer }>();
    async function sendHomePage(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      if (homePage === undefined) return undefined;
      const language = pickHomeLanguage({
        cookie: request.cookies?.[languageCookie],
        acceptLanguage: request.headers["accept-language"],
      });
      const search = new URLSearchParams(
        request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "",
      );
      const html = await homePage({ language, search });
      if (html === undefined) return undefined;
      const hash = createHash("sha256").update(html).digest("base64url").slice(0, 27);
      const etag = `"${hash}"`;
      reply
        .header("cache-control", revalidate)
        .header("vary", "Accept-Encoding, Accept-Language, Cookie")
        .header("content-language", language === "zh" ? "zh-CN" : language)
        .header("etag", etag)
        .type("text/html; charset=utf-8");
      allowStylesOnReply(reply, inlineStyleSources(html));
      if (request.headers["if-none-match"] === etag) return reply.code(304).send();
      let copies = compressed.get(hash);
      if (copies === undefined) {
        const body = Buffer.from(html, "utf8");
        const [br, gz] = await Promise.all([
          brotli(body, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
          }),
          gzipAsync(body, { level: 9 }),
        ]);
        copies = { br, gzip: gz };
        // A bound on what is kept: each query string is a page of its own.
        if (compressed.size >= 64) compressed.clear();
        compressed.set(hash, copies);
      }
      const accepted = String(request.headers["accept-encoding"] ?? "");
      if (/\bbr\b/.test(accepted)) return reply.header("content-encoding", "br").send(copies.br);
      if (/\bgzip\b/.test(accepted)) return reply.header("content-encoding", "gzip").send(copies.gzip);
      return reply.send(html);
    }

    app.get(
      "/*",
      { config: { rateLimit: false }, schema: { hide: true } },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const pathname = pathnameOf(request.url);
        if (pathname === undefined || reservedPrefixes.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
          return reply.callNotFound();
        }
        if (pathname !== "/" && (await fileIn(root, pathname))) return sendFile(reply, pathname);
        const built = await fileIn(root, "/index.html");
        if (pathname === "/") {
          if (built) return (await sendHomePage(request, reply)) ?? sendFile(reply, "/index.html");
          allowStylesOnReply(reply, placeholderStyles);
          return reply.header("cache-control", revalidate).type("text/html; charset=utf-8").send(placeholder);
        }
        if (built && !pathname.startsWith(assetsPrefix) && acceptsHtml(request.headers.accept)) {
          // The same URL answers JSON 404 to an API client and the app to a browser.
          reply.header("vary", "Accept");
          return sendFile(reply, "/index.html");
        }
        return reply.callNotFound();
      },
    );
  };
}

/** The decoded path of a request URL; `undefined` when it is malformed or not a plain path. */
function pathnameOf(url: string): string | undefined {
  const end = url.search(/[?#]/);
  try {
    const pathname = decodeURIComponent(end === -1 ? url : url.slice(0, end));
    return pathname.startsWith("/") && !pathname.includes("\0") ? pathname : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pathname` names a regular file inside `root`, not a dotfile and not outside it. */
async function fileIn(root: string, pathname: string): Promise<boolean> {
  if (pathname.split("/").some((segment) => segment.startsWith("."))) return false;
  const path = join(root, pathname);
  if (relative(root, path).startsWith("..") || !path.startsWith(root + sep)) return false;
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether an Accept header names `text/html` (with a non-zero q). Browsers' page loads do; `fetch`,
 * curl and API clients send `*\/*` or JSON, and get the API's 404 instead of the app.
 *
 * @example
 * acceptsHtml("text/html,application/xhtml+xml;q=0.9") // true
 */
export function acceptsHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept.split(",").some((range) => {
    const [type = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    if (type !== "text/html") return false;
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
