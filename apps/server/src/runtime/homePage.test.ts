import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { seedCatalogue } from "@entrada/core";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp, testConfig } from "../testing/createTestApp.ts";
import {
  createHomePage,
  type HomeLanguage,
  type HomeStrings,
  homeQuery,
  pickHomeLanguage,
  renderHomeMarkup,
} from "./homePage.ts";
import { webAppRoutes } from "./webAppRoutes.ts";

const locales = join(import.meta.dirname, "..", "..", "..", "web", "src", "locales");

/** What the web build writes for the server (apps/web/build/serverStrings.ts), from the app's translations. */
async function stringsOf(language: HomeLanguage): Promise<HomeStrings> {
  const read = async (namespace: string) =>
    JSON.parse(await readFile(join(locales, language, `${namespace}.json`), "utf8")) as Record<string, unknown>;
  const names = new Intl.DisplayNames([language === "zh" ? "zh-CN" : language], { type: "region" });
  return {
    common: await read("common"),
    traveller: await read("traveller"),
    nationalities: [
      { code: "CHN", name: names.of("CN") ?? "CN" },
      { code: "GBR", name: names.of("GB") ?? "GB" },
      { code: "USA", name: names.of("US") ?? "US" },
    ],
  };
}

const shellStyle = "body{margin:0}";
const appStyle = ".card{padding:1rem}";
const indexHtml = `<!doctype html><html lang="en"><head><meta name="description" content="Pay for e-visas in stablecoins: refunded if refused." /><style>${shellStyle}</style><link rel="stylesheet" crossorigin href="/assets/index-C9d1e.css"></head><body><div id="root"><!--home--><div class="shell"></div><!--/home--></div><noscript>Entrada needs JavaScript.</noscript><script type="module" src="/assets/index-Bx7f2.js"></script></body></html>`;
const today = "2026-12-07";

describe("the home page's language and query", () => {
  test("the stored language wins, then Accept-Language by quality, else English", () => {
    expect(pickHomeLanguage({ cookie: "es", acceptLanguage: "zh-CN,zh;q=0.9" })).toBe("es");
    expect(pickHomeLanguage({ cookie: "fr", acceptLanguage: "fr-FR,es;q=0.8,zh;q=0.9" })).toBe("zh");
    expect(pickHomeLanguage({ cookie: undefined, acceptLanguage: "de,zh;q=0" })).toBe("en");
    expect(pickHomeLanguage({ cookie: undefined, acceptLanguage: undefined })).toBe("en");
  });

  test("a query keeps only the values the form offers; no query, no submission", () => {
    expect(homeQuery(new URLSearchParams(""))).toBeUndefined();
    expect(homeQuery(new URLSearchParams("travelDate=2027-01-01"))).toBeUndefined();
    expect(
      homeQuery(
        new URLSearchParams("nationality=usa&destination=GB&purpose=spying&travelDate=2027-13&birthDate=1990-05-01"),
      ),
    ).toEqual({ nationality: "", destination: "GB", purpose: "tourist", travelDate: "", birthDate: "1990-05-01" });
  });
});

describe("renderHomeMarkup", () => {
  test("in Chinese: the form's labels and options in Chinese, nothing chosen, no results", async () => {
    const html = renderHomeMarkup({
      strings: await stringsOf("zh"),
      language: "zh",
      catalogue: seedCatalogue(),
      query: undefined,
      today,
    });
    expect(html).toContain('<form method="get" action="/#eligibility-results"');
    expect(html).toContain('<label for="eligibility-nationality">国籍</label>');
    expect(html).toContain('<option value="GB">英国</option>');
    expect(html).toContain('<option value="tourist" selected>旅游</option>');
    expect(html).not.toContain('data-testid="eligibility-results"');
    expect(html).not.toContain("aria-invalid");
  });

  test("a submitted trip: the results, the choices kept; a missing field: its error, tied to it", async () => {
    const strings = await stringsOf("es");
    const query = homeQuery(new URLSearchParams("nationality=USA&destination=GB&purpose=tourist"));
    const html = renderHomeMarkup({ strings, language: "es", catalogue: seedCatalogue(), query, today });
    expect(html).toContain('<option value="USA" selected>');
    expect(html).toContain('data-testid="eligible-gb-eta"');
    expect(html).toContain('href="/apply/gb-eta?nationality=USA&amp;destination=GB&amp;purpose=tourist"');
    expect(html).toMatch(/data-testid="fee-gb-eta">16,00\s(?:GBP|£)</);

    const missing = renderHomeMarkup({
      strings,
      language: "es",
      catalogue: seedCatalogue(),
      query: homeQuery(new URLSearchParams("nationality=USA&destination=ZZ")),
      today,
    });
    expect(missing).toContain('aria-describedby="eligibility-destination-error" aria-invalid="true"');
    expect(missing).toContain(`<div class="field-error" id="eligibility-destination-error">Elija adónde viaja.</div>`);
    expect(missing).not.toContain('data-testid="eligibility-results"');
  });
});

describe.each(createTestDatabases())("the home page served at / on $name", ({ open }) => {
  let database: TestDatabase;
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await open();
    dist = await mkdtemp(join(tmpdir(), "entrada-home-"));
    await writeFile(join(dist, "index.html"), indexHtml);
    await mkdir(join(dist, "server-strings"));
    await mkdir(join(dist, "assets"));
    await writeFile(join(dist, "assets", "index-C9d1e.css"), appStyle);
    for (const language of ["en", "zh", "es"] as const) {
      await writeFile(join(dist, "server-strings", `${language}.json`), JSON.stringify(await stringsOf(language)));
    }
    const config = testConfig({ NODE_ENV: "development" });
    const homePage = createHomePage({
      distDir: dist,
      catalogue: seedCatalogue(),
      clock: () => new Date(`${today}T12:00:00Z`),
    });
    ({ app } = await createTestApp({
      db: database.db,
      config,
      plugins: [webAppRoutes({ distDir: dist, placeholder: "<h1>Entrada</h1>", homePage })],
    }));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await rm(dist, { recursive: true, force: true });
  });

  test("in the visitor's language, compressed, its own style allowed, revalidated by ETag", async () => {
    const reply = await app.inject({
      method: "GET",
      url: "/",
      headers: { accept: "text/html", "accept-language": "zh-CN,zh;q=0.9", "accept-encoding": "br, gzip" },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["content-encoding"]).toBe("br");
    expect(reply.headers["content-language"]).toBe("zh-CN");
    expect(reply.headers.vary).toBe("Accept-Encoding, Accept-Language, Cookie");
    expect(reply.headers["cache-control"]).toBe("no-cache");
    const html = brotliDecompressSync(reply.rawPayload).toString("utf8");
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).toContain("我的行程需要办什么签证？");
    // The description in the page's language, once: not the shell's English.
    expect(html.match(/<meta name="description"/g)).toHaveLength(1);
    expect(html).toContain('<meta name="description" content="用稳定币支付电子签证费用：未获签发即退款。" />');
    expect(html).not.toContain("refunded if refused");
    expect(html).not.toContain("<noscript>");
    expect(html).not.toContain('class="shell"');
    // The app's stylesheet inline (no round trip before the first paint), allowed by its hash as the shell's.
    expect(html).toContain(`<style>${appStyle}</style>`);
    expect(html).not.toContain('rel="stylesheet"');
    for (const css of [shellStyle, appStyle]) {
      const hash = `'sha256-${createHash("sha256").update(css).digest("base64")}'`;
      expect(String(reply.headers["content-security-policy"])).toContain(hash);
    }

    const again = await app.inject({
      method: "GET",
      url: "/",
      headers: { "accept-language": "zh-CN", "if-none-match": String(reply.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  test("the language cookie wins; a query string brings the results; gzip or nothing as accepted", async () => {
    const reply = await app.inject({
      method: "GET",
      url: "/?nationality=USA&destination=GB&purpose=tourist",
      headers: { "accept-language": "zh-CN", cookie: "entrada_language=es", "accept-encoding": "gzip" },
    });
    expect(reply.headers["content-encoding"]).toBe("gzip");
    const html = gunzipSync(reply.rawPayload).toString("utf8");
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('data-testid="eligible-gb-eta"');
    expect(html).toContain(
      '<meta name="description" content="Pague visados electrónicos en stablecoins: se le reembolsa si se deniegan." />',
    );

    const plain = await app.inject({ method: "GET", url: "/", headers: {} });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toContain('<html lang="en"');
    expect(plain.body).toContain("Check eligibility");
    expect(plain.body).toContain(
      '<meta name="description" content="Pay for e-visas in stablecoins: refunded if refused." />',
    );
  });
});
