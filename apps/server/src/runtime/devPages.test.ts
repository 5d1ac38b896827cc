import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { notifications } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Config } from "../config.ts";
import { createMailer } from "../messaging/createMailer.ts";
import { createTestApp, testConfig, testDeployment } from "../testing/createTestApp.ts";
import { devPages, placeholderPage } from "./devPages.ts";
import { webAppRoutes } from "./webAppRoutes.ts";

describe.each(createTestDatabases())("development pages on $name", ({ open }) => {
  let database: TestDatabase;
  /** A web app folder with nothing built in it. */
  let unbuilt: string;
  const apps: FastifyInstance[] = [];

  /** The app as the start-up wires it: the dev pages, and the placeholder while the web app is not built. */
  async function appOn(config: Config, chainUrl: string): Promise<FastifyInstance> {
    const deployment = { chainId: config.chain.id, escrow: testDeployment.escrow, tokens: testDeployment.tokens };
    const { app } = await createTestApp({
      db: database.db,
      config,
      deployment,
      plugins: [
        devPages({ db: database.db, config }),
        webAppRoutes({ distDir: unbuilt, placeholder: placeholderPage({ config, deployment, chainUrl }) }),
      ],
    });
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    database = await open();
    unbuilt = await mkdtemp(join(tmpdir(), "entrada-web-unbuilt-"));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.close();
    await rm(unbuilt, { recursive: true, force: true });
  });

  test("/ says where the chain, the escrow and the tokens are, and links the API, its docs and the mailbox", async () => {
    const app = await appOn(testConfig({ NODE_ENV: "development" }), "http://127.0.0.1:8545/?a=1&b=<x>");
    const response = await app.inject({ method: "GET", url: "/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    const html = response.body;
    expect(html).toContain("<h1>Entrada is running</h1>");
    expect(html).toContain("The web app is not built:\nrun <code>npm run build</code> and reload this page.");
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(html).toContain(
      `<tr><th scope="row">Chain</th><td>http://127.0.0.1:8545/?a=1&amp;b=&lt;x&gt; (chain id 31337)</td></tr>`,
    );
    expect(html).toContain(`<tr><th scope="row">Escrow</th><td><code>${testDeployment.escrow}</code></td></tr>`);
    expect(html).toContain(
      `<td><code>${testDeployment.tokens.USDC}</code> / <code>${testDeployment.tokens.USDT}</code></td>`,
    );
    expect(html).toContain("<a href='/api/v1/health'>/api/v1/health</a>");
    expect(html).toContain("<a href='/docs'>/docs</a>");
    expect(html).toContain("<a href='/dev/mailbox'>/dev/mailbox</a>");
    expect(html).not.toContain("<x>");
  });

  test("/dev/mailbox lists the e-mails kept, newest first, every field escaped", async () => {
    const app = await appOn(testConfig({ NODE_ENV: "development" }), "http://127.0.0.1:8545");
    const mailer = createMailer({
      db: database.db,
      from: "Entrada <no-reply@entrada.local>",
      logger: pino({ level: "silent" }),
    });
    await mailer.send({ to: "first@example.org", subject: "First", text: "The first message." });
    // Apart in time, so that "newest first" has one answer.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await mailer.send({
      to: "ana+<b>@example.org",
      subject: "<script>alert('subject')</script>",
      text: 'Hello & welcome <img src=x onerror="alert(1)">',
      locale: "es",
      template: "custom",
    });

    const response = await app.inject({ method: "GET", url: "/dev/mailbox" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    const html = response.body;
    const rows = await database.db.select().from(notifications);
    expect(html).toContain(`<p>${rows.length} newest messages.</p>`);
    const second = rows.find((row) => row.subject !== "First")!;
    expect(html).toContain(
      `<td>${second.createdAt.toISOString()}</td><td>email</td><td>ana+&lt;b&gt;@example.org</td>` +
        "<td><strong>&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;</strong>" +
        "<pre>Hello &amp; welcome &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</pre></td><td>sent</td></tr>",
    );
    expect(html).toContain("<td>first@example.org</td><td><strong>First</strong><pre>The first message.</pre>");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img");
    // Newest first.
    expect(html.indexOf("ana+&lt;b&gt;")).toBeLessThan(html.indexOf("first@example.org"));
  });

  test("both pages' CSP lets their own inline stylesheet through by its hash, and no other", async () => {
    const app = await appOn(testConfig({ NODE_ENV: "development" }), "http://127.0.0.1:8545");
    for (const url of ["/", "/dev/mailbox"]) {
      const response = await app.inject({ method: "GET", url });
      const style = /<style>([\s\S]*?)<\/style>/.exec(response.body)?.[1];
      expect(style, url).toBeDefined();
      const hash = createHash("sha256")
        .update(style ?? "")
        .digest("base64");
      const directives = String(response.headers["content-security-policy"]).split(";");
      expect(directives, url).toContain(`style-src 'self' 'sha256-${hash}'`);
    }
  });

  test("outside development there is no mailbox, even on the local chain", async () => {
    const app = await appOn(testConfig({ NODE_ENV: "test" }), "http://127.0.0.1:8545");
    expect((await app.inject({ method: "GET", url: "/dev/mailbox" })).statusCode).toBe(404);
    expect((await app.inject({ method: "GET", url: "/" })).body).not.toContain("mailbox");
  });

  test("on any chain but the local one there is no mailbox, and / does not link it", async () => {
    const config = testConfig({
      CHAIN_ID: "8453",
      CHAIN_RPC_URL: "https://base.example.org",
      QUOTE_SIGNER_KEY: generatePrivateKey(),
      RELAYER_KEY: generatePrivateKey(),
    });
    expect(config.chain.isLocal).toBe(false);
    const app = await appOn(config, config.chain.rpcUrl);

    const mailbox = await app.inject({ method: "GET", url: "/dev/mailbox" });
    expect(mailbox.statusCode).toBe(404);
    expect(mailbox.json()).toEqual({
      error: { code: "ENTRADA_NOT_FOUND", message: "No route.", details: { resource: "route" } },
    });
    const home = await app.inject({ method: "GET", url: "/" });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain("https://base.example.org (chain id 8453)");
    expect(home.body).not.toContain("mailbox");
  });
});
