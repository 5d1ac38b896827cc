import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp, testConfig } from "../testing/createTestApp.ts";
import { devPages } from "./devPages.ts";
import { acceptsHtml, webAppRoutes } from "./webAppRoutes.ts";

/** The shell's inline stylesheet, as the build minifies it. */
const shellStyle = "body{margin:0;background:#f3f6f9}.shell-bar{height:1rem}";
const indexHtml = `<!doctype html><html><head><link rel="manifest" href="/manifest.webmanifest"><script type="module" src="/assets/index-Bx7f2.js"></script><style>${shellStyle}</style></head><body><div id="root"></div></body></html>`;
/** The CSP source of a stylesheet, worked out as the browser does: the SHA-256 of its exact text. */
const hashSource = (css: string) => `'sha256-${createHash("sha256").update(css).digest("base64")}'`;
/** The style-src directive of a reply's CSP. */
const styleSrc = (csp: unknown) =>
  String(csp)
    .split(";")
    .find((directive) => directive.startsWith("style-src "));
const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
/** A script big enough to be worth compressing: what the build precompresses. */
const bigScript = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word-${i % 37}`))};`;

describe.each(createTestDatabases())("the web app at / on $name", ({ open }) => {
  let database: TestDatabase;
  /** A build of the web app, as Vite writes it. */
  let dist: string;
  /** A folder the app has not been built into yet. */
  let unbuilt: string;
  let app: FastifyInstance;
  const apps: FastifyInstance[] = [];

  async function appServing(distDir: string, env: Record<string, string> = {}): Promise<FastifyInstance> {
    const config = testConfig({ NODE_ENV: "development", ...env });
    // The start-up's plugins: the dev pages beside the web app.
    const served = await createTestApp({
      db: database.db,
      config,
      plugins: [
        devPages({ db: database.db, config }),
        webAppRoutes({ distDir, placeholder: "<h1>Entrada is running</h1>" }),
      ],
    });
    apps.push(served.app);
    return served.app;
  }
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url, headers });

  beforeAll(async () => {
    database = await open();
    dist = await mkdtemp(join(tmpdir(), "entrada-web-dist-"));
    unbuilt = await mkdtemp(join(tmpdir(), "entrada-web-unbuilt-"));
    await mkdir(join(dist, "assets"));
    await writeFile(join(dist, "index.html"), indexHtml);
    await writeFile(join(dist, "assets", "index-Bx7f2.js"), "console.log('entrada');");
    await writeFile(join(dist, "assets", "index-C9d1e.css"), "body{margin:0}");
    await writeFile(join(dist, "manifest.webmanifest"), JSON.stringify({ name: "Entrada", start_url: "/" }));
    await writeFile(join(dist, "sw.js"), "self.addEventListener('fetch', () => {});");
    await writeFile(join(dist, ".env"), "SECRET=do-not-serve");
    // The build's precompressed copies (apps/web/build/precompress.ts), for the script and index.html.
    await writeFile(join(dist, "assets", "big-D4f8a.js"), bigScript);
    await writeFile(join(dist, "assets", "big-D4f8a.js.br"), brotliCompressSync(bigScript));
    await writeFile(join(dist, "assets", "big-D4f8a.js.gz"), gzipSync(bigScript));
    await writeFile(join(dist, "index.html.br"), brotliCompressSync(indexHtml));
    app = await appServing(dist);
  });
  afterAll(async () => {
    for (const served of apps) await served.close();
    await database.close();
    await rm(dist, { recursive: true, force: true });
    await rm(unbuilt, { recursive: true, force: true });
  });

  test("/ is the app's index.html, revalidated every time, under a CSP it can run with and its own stylesheet only", async () => {
    const response = await get("/", browser);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(indexHtml);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(response.headers.etag).toBeDefined();
    const csp = response.headers["content-security-policy"] as string;
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      `style-src 'self' ${hashSource(shellStyle)}`,
      "img-src 'self' data: blob:",
      "connect-src 'self' http://127.0.0.1:8545 ws://127.0.0.1:8545",
      "worker-src 'self'",
      "manifest-src 'self'",
    ]) {
      expect(csp.split(";")).toContain(directive);
    }
    const again = await get("/", { ...browser, "if-none-match": response.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  test("hashed assets are cached for a year, immutable; HEAD works too", async () => {
    const script = await get("/assets/index-Bx7f2.js");
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe("console.log('entrada');");
    expect(script.headers["content-type"]).toMatch(/^(application|text)\/javascript/);
    expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const style = await app.inject({ method: "HEAD", url: "/assets/index-C9d1e.css" });
    expect(style.statusCode).toBe(200);
    expect(style.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(style.body).toBe("");
  });

  test("sends the precompressed copy the browser accepts, with its length, and Vary: Accept-Encoding", async () => {
    const br = await get("/assets/big-D4f8a.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/^(application|text)\/javascript/);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(Number(br.headers["content-length"])).toBe(br.rawPayload.length);
    expect(br.rawPayload.length).toBeLessThan(bigScript.length / 3);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(bigScript);

    const gz = await get("/assets/big-D4f8a.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(bigScript);
    expect(gz.headers.etag).not.toBe(br.headers.etag);

    const plain = await get("/assets/big-D4f8a.js", { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(bigScript);
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);

    // index.html, at / and as the app's routes' fallback, where it also varies on Accept.
    for (const url of ["/", "/applications/42"]) {
      const page = await get(url, { ...browser, "accept-encoding": "br" });
      expect(page.headers["content-encoding"], url).toBe("br");
      expect(page.headers["content-type"], url).toBe("text/html; charset=utf-8");
      expect(brotliDecompressSync(page.rawPayload).toString(), url).toBe(indexHtml);
    }
    const fallback = await get("/applications/42", { ...browser, "accept-encoding": "br" });
    expect(String(fallback.headers.vary).toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(["accept", "accept-encoding"]),
    );
    // A file without a compressed copy is sent as it is.
    const small = await get("/assets/index-Bx7f2.js", { "accept-encoding": "br" });
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.body).toBe("console.log('entrada');");
  });

  test("the manifest is application/manifest+json; the service worker is revalidated and may control /", async () => {
    const manifest = await get("/manifest.webmanifest");
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers["content-type"]).toMatch(/^application\/manifest\+json/);
    expect(manifest.json()).toEqual({ name: "Entrada", start_url: "/" });
    expect(manifest.headers["cache-control"]).toBe("no-cache");
    const worker = await get("/sw.js");
    expect(worker.statusCode).toBe(200);
    expect(worker.headers["cache-control"]).toBe("no-cache");
    expect(worker.headers["service-worker-allowed"]).toBe("/");
  });

  test("the app's own routes answer index.html to a browser, and the API's 404 to anything else", async () => {
    for (const url of ["/applications/8c1e0d2a", "/officer/queue?state=paid", "/index"]) {
      const page = await get(url, browser);
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toBe(indexHtml);
      expect(page.headers.vary).toBe("Accept, Accept-Encoding");
      expect(styleSrc(page.headers["content-security-policy"]), url).toBe(`style-src 'self' ${hashSource(shellStyle)}`);
    }
    for (const accept of ["application/json", "*/*", "text/html;q=0"]) {
      const response = await get("/applications/8c1e0d2a", { accept });
      expect(response.statusCode, accept).toBe(404);
      expect(response.json().error.code).toBe("ENTRADA_NOT_FOUND");
    }
  });

  test("only index.html's replies allow its inline stylesheet: files, the API and errors allow none", async () => {
    for (const url of ["/assets/index-Bx7f2.js", "/manifest.webmanifest", "/api/v1/health", "/assets/gone-123.js"]) {
      expect(styleSrc((await get(url, browser)).headers["content-security-policy"]), url).toBe("style-src 'self'");
    }
  });

  test("never answers for the API, the docs, the dev pages, .well-known or a missing asset", async () => {
    for (const url of ["/api", "/api/v1/nope", "/dev/nope", "/.well-known/security.txt", "/assets/gone-123.js"]) {
      const response = await get(url, browser);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code, url).toBe("ENTRADA_NOT_FOUND");
    }
    expect((await get("/api/v1/health")).statusCode).toBe(200);
    expect((await get("/docs/json")).statusCode).toBe(200);
    expect((await get("/dev/mailbox", browser)).body).toContain("Development mailbox");
  });

  test("serves nothing outside the folder, and no dotfiles", async () => {
    for (const url of ["/.env", "/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f.env", "/%00"]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain("do-not-serve");
      expect(response.body).not.toContain("root:");
    }
  });

  test("is not rate-limited: a page load fetches many files", async () => {
    const limited = await appServing(dist, { RATE_LIMIT_MAX: "2" });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => limited.inject({ method: "GET", url: "/assets/index-Bx7f2.js" })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200]);
  });

  test("until the app is built, / is the placeholder; a build shows up without a restart", async () => {
    const waiting = await appServing(unbuilt);
    const placeholder = await waiting.inject({ method: "GET", url: "/", headers: browser });
    expect(placeholder.statusCode).toBe(200);
    expect(placeholder.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(placeholder.body).toBe("<h1>Entrada is running</h1>");
    const route = await waiting.inject({ method: "GET", url: "/applications/8c1e0d2a", headers: browser });
    expect(route.statusCode).toBe(404);

    expect(styleSrc(placeholder.headers["content-security-policy"])).toBe("style-src 'self'");

    await writeFile(join(unbuilt, "index.html"), indexHtml);
    const built = await waiting.inject({ method: "GET", url: "/", headers: browser });
    expect(built.body).toBe(indexHtml);
    expect(styleSrc(built.headers["content-security-policy"])).toBe(`style-src 'self' ${hashSource(shellStyle)}`);
    expect((await waiting.inject({ method: "GET", url: "/applications/8c1e0d2a", headers: browser })).body).toBe(
      indexHtml,
    );

    // A rebuild with another stylesheet: its hash, not the old one, from the next reply on.
    const restyled = "body{margin:0;background:#fff;color:#16202a}";
    await writeFile(join(unbuilt, "index.html"), indexHtml.replace(shellStyle, restyled));
    const rebuilt = await waiting.inject({ method: "GET", url: "/", headers: browser });
    expect(styleSrc(rebuilt.headers["content-security-policy"])).toBe(`style-src 'self' ${hashSource(restyled)}`);
  });

  test("a folder that does not exist is a web app not built", async () => {
    const missing = await appServing(join(unbuilt, "no-such-folder"));
    expect((await missing.inject({ method: "GET", url: "/" })).body).toBe("<h1>Entrada is running</h1>");
  });
});

describe("acceptsHtml", () => {
  test.each([
    ["text/html", true],
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true],
    ["application/json, text/HTML; q=0.5", true],
    ["text/html;q=0", false],
    ["*/*", false],
    ["application/json", false],
    [undefined, false],
  ])("%s → %s", (accept, expected) => {
    expect(acceptsHtml(accept)).toBe(expected);
  });
});
