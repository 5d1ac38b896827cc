/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the page; bench/src/web.ts type-checks this file without DOM types.)
/**
 * What the browser tests share: Entrada started in this process exactly as `npm start` runs it (the
 * embedded chain mining a block a second, the database, API, workers, indexer, relayers and
 * the built web app, on free ports), Debian's Chromium driven by playwright-core, screenshots kept
 * as test artifacts, an axe-core check, and a record of every console error a page logs.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Entrada, loadConfig, startEntrada } from "@entrada/server";
import axe from "axe-core";
import pino from "pino";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Whether the browser tests can run here. Without Chromium they are skipped on a developer's
 * machine (with a message) but fail in CI, where .ci/run installs it.
 */
export const browserAvailable = existsSync(chromiumPath) || Boolean(process.env.CI);

if (!browserAvailable) {
  console.warn(
    `Browser tests skipped: no Chromium at ${chromiumPath}. Install it with: apt-get install -y chromium fonts-wqy-microhei`,
  );
}

/** Where screenshots go: CI keeps test-results/ as the run's artifacts. */
export const screenshotDir = join(import.meta.dirname, "..", "..", "..", "test-results", "screenshots");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A running Entrada for one test file. */
export type Stack = { entrada: Entrada; url: string; close(): Promise<void> };

/**
 * Starts Entrada on free ports with its own data folder. The origin the browser uses is the SIWE
 * domain, so the port is chosen before start-up rather than left to the OS.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), "entrada-e2e-"));
  const [port, chainPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const entrada = await startEntrada({
    config: loadConfig({
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: String(port),
      ENTRADA_PUBLIC_URL: url,
      ENTRADA_DATA_DIR: dataDir,
      CHAIN_RPC_URL: `http://127.0.0.1:${chainPort}`,
      CHAIN_CONFIRMATIONS: "1",
      RATE_LIMIT_MAX: "100000",
      ...(process.env.TEST_DATABASE_URL && env.USE_POSTGRES ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
      ...env,
    }),
    embeddedChain: true,
    blockIntervalMs: 1_000,
    intervals: { indexer: 100, relayer: 250, webhooks: 250, expiry: 1_000 },
    logger: pino({ level: process.env.E2E_LOG_LEVEL ?? "silent" }),
  });
  return {
    entrada,
    url,
    async close() {
      await entrada.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts Chromium headless with the flags this machine's closed network needs, and `extraArgs` (a
 * fake camera, for instance).
 */
export async function launchBrowser({ extraArgs = [] }: { extraArgs?: readonly string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

/** A person's browser: its own context (cookies, localStorage), language and screen. */
export type Visitor = { context: BrowserContext; page: Page; consoleErrors: string[] };

/**
 * Opens a fresh browser context, as a separate person on a separate device would: `locale` sets
 * `navigator.language` and Accept-Language (the app detects it); console errors and uncaught
 * exceptions are collected so a test can assert there were none.
 */
export async function openVisitor(
  browser: Browser,
  { locale = "en-GB", width = 1280, height = 900 }: { locale?: string; width?: number; height?: number } = {},
): Promise<Visitor> {
  const context = await browser.newContext({ locale, viewport: { width, height }, serviceWorkers: "block" });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  return { context, page, consoleErrors };
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** An accessibility violation, as axe-core reports it (trimmed to what a failure message needs). */
export type Violation = { id: string; impact: string | null | undefined; help: string; targets: string[] };

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // Evaluated over the DevTools protocol, which the app's CSP (script-src 'self') rightly does not let
  // an inline <script> do.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    }),
  );
  // An axe that checked nothing would report nothing: make sure it ran its rules on this page.
  if (results.passes.length === 0) throw new Error(`axe-core checked no rule on ${page.url()}`);
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}

/** Whether the page scrolls sideways (it must not at 360 px). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
