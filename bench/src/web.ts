/**
 * `npm run bench:web`: what the web app costs a traveller — the bytes of its bundle (gzip and
 * brotli, as a server or CDN would send them) and, in Debian's Chromium against Entrada as
 * `npm start` runs it, how long a fresh visit takes until the eligibility form is usable and until an
 * eligibility check shows its answer, the same on an emulated phone, and Lighthouse's mobile scores.
 * Writes bench/results/web.json and bench/results/web.md; exits with 1 when a target is missed (after
 * writing both).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { launchBrowser, startStack } from "@entrada/web/e2e";
import lighthouse from "lighthouse";
import type { Page } from "playwright-core";
import { percentile } from "./api/percentile.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "apps", "web", "dist");
const results = join(root, "bench", "results");
const visits = 20;
// The entry script carries React, the router, react-query, i18next and the home page: the wallet and
// chain code (wagmi, viem), the identity code (@sd-jwt, mrz), the other pages and each language's
// translations are chunks loaded where needed.
const targets = {
  entryGzipKiB: 150,
  homeReadyP95Ms: 1_500,
  eligibilityP95Ms: 500,
  phoneReadyP95Ms: 2_500,
  lighthousePerformance: 0.9,
  lighthouseAccessibility: 1,
};
const lighthouseRuns = 3;

// --- The bundle -------------------------------------------------------------------------------
const indexHtml = await readFile(join(dist, "index.html"), "utf8");
const entryFiles = [...indexHtml.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
const assets = (await readdir(join(dist, "assets"))).filter((name) => /\.(js|css)$/.test(name));

type Asset = { file: string; entry: boolean; bytes: number; gzip: number; brotli: number };
const sized: Asset[] = [];
for (const name of assets) {
  const bytes = await readFile(join(dist, "assets", name));
  sized.push({
    file: `assets/${name}`,
    entry: entryFiles.includes(`assets/${name}`),
    bytes: (await stat(join(dist, "assets", name))).size,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  });
}
sized.sort((a, b) => Number(b.entry) - Number(a.entry) || b.gzip - a.gzip);
const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
// The entry JS: the script index.html loads and the chunks it preloads, all needed before the first render.
const entryJs = sized.filter((a) => a.entry && a.file.endsWith(".js"));
const entryGzipKiB = kib(entryJs.reduce((sum, a) => sum + a.gzip, 0));
const entryBrotliKiB = kib(entryJs.reduce((sum, a) => sum + a.brotli, 0));

/**
 * One Lighthouse run (its default: mobile, simulated slow 4G and 4x CPU) in a Chromium of its own,
 * started with a DevTools port as Lighthouse needs: the performance and accessibility scores.
 */
async function runLighthouse(pageUrl: string) {
  const profile = await mkdtemp(join(tmpdir(), "entrada-lighthouse-"));
  const chromium = spawn(
    process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let output = "";
      const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port: ${output}`)), 30_000);
      chromium.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      chromium.on("exit", (code) => reject(new Error(`Chromium exited (${code}): ${output}`)));
    });
    const result = await lighthouse(pageUrl, {
      port,
      logLevel: "error",
      output: "json",
      onlyCategories: ["performance", "accessibility"],
    });
    if (!result) throw new Error("Lighthouse returned no result");
    const { categories, audits } = result.lhr;
    const numeric = (id: string) => Math.round(audits[id]?.numericValue ?? Number.NaN);
    return {
      performance: categories.performance?.score ?? 0,
      accessibility: categories.accessibility?.score ?? 0,
      firstContentfulPaintMs: numeric("first-contentful-paint"),
      largestContentfulPaintMs: numeric("largest-contentful-paint"),
      totalBlockingTimeMs: numeric("total-blocking-time"),
      speedIndexMs: numeric("speed-index"),
      cumulativeLayoutShift: Math.round((audits["cumulative-layout-shift"]?.numericValue ?? 0) * 1000) / 1000,
      failedAccessibilityAudits: Object.values(audits)
        .filter(
          (audit) =>
            audit.score === 0 &&
            (result.lhr.categories.accessibility?.auditRefs ?? []).some((ref) => ref.id === audit.id),
        )
        .map((audit) => audit.id),
    };
  } finally {
    // Its profile is removed once it has exited (it writes there until then).
    if (chromium.exitCode === null && chromium.signalCode === null) {
      const exited = new Promise((resolve) => chromium.once("exit", resolve));
      chromium.kill();
      await exited;
    }
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

/**
 * The eligibility form is usable: its button shows and can be pressed (not disabled), its
 * destinations (from the catalogue) can be chosen, and it is a form that answers when sent: the one
 * the server writes into the page (a GET form, answered by the server with the results) or the app's.
 * Not the shell's skeleton, an empty list, or the server's form in the moment the app takes it over
 * (its controls are disabled then); and painted. Each phone visit then uses it at once: chooses and sends, and
 * waits for the results ({@link usedAtOnce}).
 */
async function formUsable(page: Page, timeout = 30_000) {
  await page.locator('[data-testid="eligibility-submit"]:enabled').waitFor({ state: "visible", timeout });
  await page
    .locator('[data-testid="eligibility-destination"]:enabled option[value="GB"]')
    .waitFor({ state: "attached", timeout });
  // Seen, too: laid out is not painted (a stylesheet still on its way holds the first paint back).
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, undefined, {
    timeout,
  });
}

/** The app has taken the page over: its own form has replaced the one the server wrote. */
async function appTookOver(page: Page, timeout = 60_000) {
  await page.locator('form[data-testid="eligibility-form"]:not([data-server-form])').waitFor({ timeout });
}

// --- A fresh visit in Chromium ----------------------------------------------------------------
// Entrada and Chromium exactly as the browser tests start them (apps/web/e2e/harness.ts).
const [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
const { url } = stack;

const homeReady: number[] = [];
const firstPaint: number[] = [];
const eligibility: number[] = [];
const phoneVisits = 10;
const phoneReady: number[] = [];
const phoneApp: number[] = [];
const phoneAnswered: number[] = [];
const phonePaint: number[] = [];
const phoneBytes: number[] = [];
const lighthouseResults: Awaited<ReturnType<typeof runLighthouse>>[] = [];
try {
  // One warm-up visit (the server's first answers compile routes and warm caches), then the samples.
  for (let visit = 0; visit <= visits; visit++) {
    // A new context each time: no cache, no cookies, no service worker — a first visit.
    const context = await browser.newContext({ locale: "en-GB", serviceWorkers: "block" });
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(`${url}/`);
    await formUsable(page);
    const ready = Date.now() - start;
    const paint = await page.evaluate(
      () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
    );
    await page.getByTestId("eligibility-nationality").selectOption("USA");
    await page.getByTestId("eligibility-destination").selectOption("GB");
    const checkStart = Date.now();
    await page.getByTestId("eligibility-submit").click();
    await page.getByTestId("eligible-gb-eta").waitFor({ state: "visible" });
    const checked = Date.now() - checkStart;
    if (visit > 0) {
      homeReady.push(ready);
      if (Number.isFinite(paint)) firstPaint.push(paint);
      eligibility.push(checked);
    }
    await context.close();
  }
  // The same first visit on an emulated mid-range phone: DevTools' 4x CPU slowdown and "Fast 3G"
  // (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up), as Lighthouse's mobile preset does.
  for (let visit = 0; visit < phoneVisits; visit++) {
    const context = await browser.newContext({
      locale: "en-GB",
      serviceWorkers: "block",
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 562.5,
      downloadThroughput: (1_440_000 / 8) * 0.9,
      uploadThroughput: (675_000 / 8) * 0.9,
    });
    let transferred = 0;
    cdp.on("Network.loadingFinished", (event: { encodedDataLength: number }) => {
      transferred += event.encodedDataLength;
    });
    const start = Date.now();
    await page.goto(`${url}/`, { waitUntil: "commit" });
    await formUsable(page, 60_000);
    phoneReady.push(Date.now() - start);
    // Half the visits use the form at once, as a traveller who has it in front of them would (the
    // server answers, or the app if it has arrived meanwhile); the others wait for the app.
    if (visit % 2 === 0) {
      await page.getByTestId("eligibility-nationality").selectOption("USA");
      await page.getByTestId("eligibility-destination").selectOption("GB");
      await page.getByTestId("eligibility-submit").click();
      await page
        .getByTestId("eligible-gb-eta")
        .waitFor({ state: "visible", timeout: 60_000 })
        .catch(async (error: unknown) => {
          const root = await page.locator("#root").innerHTML();
          throw new Error(`no results at ${page.url()}: ${root.slice(0, 2000)}`, { cause: error });
        });
      phoneAnswered.push(Date.now() - start);
    } else {
      await appTookOver(page);
      phoneApp.push(Date.now() - start);
    }
    const paint = await page.evaluate(
      () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
    );
    if (Number.isFinite(paint)) phonePaint.push(paint);
    phoneBytes.push(transferred);
    await context.close();
  }
  // Lighthouse's mobile audit of the home page, a few runs (its scores vary from run to run): the median.
  for (let run = 0; run < lighthouseRuns; run++) lighthouseResults.push(await runLighthouse(`${url}/`));
} finally {
  await browser.close();
  await stack.close();
}

const summary = (values: number[]) => ({
  p50: Math.round(percentile(values, 50)),
  p95: Math.round(percentile(values, 95)),
  max: Math.round(Math.max(...values)),
});
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
// A run in which Lighthouse measured nothing (no first paint seen: its page load failed, as on an
// overloaded machine) scores 0: the median is of the runs that measured (all of them, if none did).
const measured = lighthouseResults.filter((r) => Number.isFinite(r.firstContentfulPaintMs));
const medianRuns = measured.length > 0 ? measured : lighthouseResults;
const lighthouseMedian = {
  performance: median(medianRuns.map((r) => r.performance)),
  accessibility: median(medianRuns.map((r) => r.accessibility)),
  firstContentfulPaintMs: median(medianRuns.map((r) => r.firstContentfulPaintMs)),
  largestContentfulPaintMs: median(medianRuns.map((r) => r.largestContentfulPaintMs)),
  totalBlockingTimeMs: median(medianRuns.map((r) => r.totalBlockingTimeMs)),
  speedIndexMs: median(medianRuns.map((r) => r.speedIndexMs)),
  cumulativeLayoutShift: median(medianRuns.map((r) => r.cumulativeLayoutShift)),
};
const report = {
  measuredAt: new Date().toISOString(),
  // The machine's load (1-minute average) when the run ended: timings taken beside other work are slower.
  loadAverage: Math.round(loadavg()[0]! * 10) / 10,
  visits,
  entryGzipKiB,
  entryBrotliKiB,
  homeReadyMs: summary(homeReady),
  firstContentfulPaintMs: summary(firstPaint),
  eligibilityCheckMs: summary(eligibility),
  phone: {
    visits: phoneVisits,
    formUsableMs: summary(phoneReady),
    appTookOverMs: summary(phoneApp),
    usedAtOnceAnsweredMs: summary(phoneAnswered),
    firstContentfulPaintMs: summary(phonePaint),
    transferredBytes: summary(phoneBytes),
  },
  lighthouse: { version: "12.2.3", runs: lighthouseResults, median: lighthouseMedian },
  assets: sized.map((a) => ({ ...a, bytes: a.bytes, gzip: a.gzip, brotli: a.brotli })),
};
const checks = [
  {
    figure: "entry JS, gzip (KiB)",
    value: entryGzipKiB,
    target: `≤ ${targets.entryGzipKiB}`,
    met: entryGzipKiB <= targets.entryGzipKiB,
  },
  {
    figure: "fresh visit → eligibility form usable, p95 (ms)",
    value: report.homeReadyMs.p95,
    target: `≤ ${targets.homeReadyP95Ms.toLocaleString("en-US")}`,
    met: report.homeReadyMs.p95 <= targets.homeReadyP95Ms,
  },
  {
    figure: "phone (4x CPU, Fast 3G): fresh visit → form usable, p95 (ms)",
    value: report.phone.formUsableMs.p95,
    target: `≤ ${targets.phoneReadyP95Ms.toLocaleString("en-US")}`,
    met: report.phone.formUsableMs.p95 <= targets.phoneReadyP95Ms,
  },
  {
    figure: "eligibility check → answer shown, p95 (ms)",
    value: report.eligibilityCheckMs.p95,
    target: `≤ ${targets.eligibilityP95Ms}`,
    met: report.eligibilityCheckMs.p95 <= targets.eligibilityP95Ms,
  },
  {
    figure: `Lighthouse mobile performance (median of ${lighthouseRuns})`,
    value: lighthouseMedian.performance,
    target: `≥ ${targets.lighthousePerformance}`,
    met: lighthouseMedian.performance >= targets.lighthousePerformance,
  },
  {
    figure: `Lighthouse accessibility (median of ${lighthouseRuns})`,
    value: lighthouseMedian.accessibility,
    target: `≥ ${targets.lighthouseAccessibility}`,
    met: lighthouseMedian.accessibility >= targets.lighthouseAccessibility,
  },
];
await writeFile(join(results, "web.json"), `${JSON.stringify({ ...report, checks }, null, 2)}\n`);

const md = [
  "# Web app: bundle size and a first visit",
  "",
  "Measured by `npm run bench:web`. The production build of apps/web (Vite 8) as the API server serves it;",
  `${visits} first visits (a new browser context each: empty cache, no cookies, no service worker) in headless`,
  "Debian Chromium on loopback against Entrada as `npm start` runs it (PGlite, the embedded chain), after one",
  "warm-up visit. Loopback hides network latency: the times are the app's own work (download of the bundle",
  "at memory speed, boot, `GET /client-config`, i18n, first render; then `POST /eligibility` and its render).",
  "The form is usable when its button shows and can be pressed, its destinations (from the catalogue) are listed,",
  "and it answers when sent: the form the server writes into the page (a GET form) or the app's, which takes it over.",
  `Load average of the machine (1 min) at the end of the run: ${report.loadAverage}, on ${availableParallelism()} cores.`,
  "",
  "| figure | value | target | met |",
  "| --- | ---: | ---: | --- |",
  ...checks.map((c) => `| ${c.figure} | ${c.value.toLocaleString("en-US")} | ${c.target} | ${c.met ? "yes" : "NO"} |`),
  "",
  "| timing (ms) | p50 | p95 | max |",
  "| --- | ---: | ---: | ---: |",
  `| fresh visit → eligibility form usable | ${report.homeReadyMs.p50} | ${report.homeReadyMs.p95} | ${report.homeReadyMs.max} |`,
  `| first contentful paint | ${report.firstContentfulPaintMs.p50} | ${report.firstContentfulPaintMs.p95} | ${report.firstContentfulPaintMs.max} |`,
  `| eligibility check → answer shown | ${report.eligibilityCheckMs.p50} | ${report.eligibilityCheckMs.p95} | ${report.eligibilityCheckMs.max} |`,
  "",
  `On an emulated mid-range phone (Chromium DevTools: 4× CPU slowdown, "Fast 3G" 562.5 ms latency, 1.44 Mbit/s`,
  `down; 390 px), ${phoneVisits} first visits, brotli as the server sends it:`,
  "",
  "| phone | p50 | p95 | max |",
  "| --- | ---: | ---: | ---: |",
  `| fresh visit → eligibility form usable (ms) | ${report.phone.formUsableMs.p50} | ${report.phone.formUsableMs.p95} | ${report.phone.formUsableMs.max} |`,
  `| fresh visit → the app has taken the form over (ms; ${phoneApp.length} visits) | ${report.phone.appTookOverMs.p50} | ${report.phone.appTookOverMs.p95} | ${report.phone.appTookOverMs.max} |`,
  `| fresh visit → form used at once (USA → GB sent as soon as usable) → results shown (ms; ${phoneAnswered.length} visits) | ${report.phone.usedAtOnceAnsweredMs.p50} | ${report.phone.usedAtOnceAnsweredMs.p95} | ${report.phone.usedAtOnceAnsweredMs.max} |`,
  `| first contentful paint (ms) | ${report.phone.firstContentfulPaintMs.p50} | ${report.phone.firstContentfulPaintMs.p95} | ${report.phone.firstContentfulPaintMs.max} |`,
  `| bytes transferred | ${report.phone.transferredBytes.p50.toLocaleString("en-US")} | ${report.phone.transferredBytes.p95.toLocaleString("en-US")} | ${report.phone.transferredBytes.max.toLocaleString("en-US")} |`,
  "",
  `Lighthouse 12.2.3, mobile (its default: simulated slow 4G, 4× CPU), home page, ${lighthouseRuns} runs:`,
  "",
  "| run | performance | accessibility | FCP (ms) | LCP (ms) | TBT (ms) | Speed Index (ms) | CLS |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...[...lighthouseResults.map((r, i) => [String(i + 1), r] as const), ["median", lighthouseMedian] as const].map(
    ([name, r]) =>
      `| ${name} | ${r.performance} | ${r.accessibility} | ${r.firstContentfulPaintMs} | ${r.largestContentfulPaintMs} | ${r.totalBlockingTimeMs} | ${r.speedIndexMs} | ${r.cumulativeLayoutShift} |`,
  ),
  ...(lighthouseResults.some((r) => r.failedAccessibilityAudits.length > 0)
    ? [
        "",
        `Failed accessibility audits: ${[...new Set(lighthouseResults.flatMap((r) => r.failedAccessibilityAudits))].join(", ")}.`,
      ]
    : []),
  "",
  "| asset | loaded | bytes | gzip | brotli |",
  "| --- | --- | ---: | ---: | ---: |",
  ...sized.map(
    (a) =>
      `| ${a.file} | ${a.entry ? "on every visit" : "when needed"} | ${a.bytes.toLocaleString("en-US")} | ${a.gzip.toLocaleString("en-US")} | ${a.brotli.toLocaleString("en-US")} |`,
  ),
  "",
  `Entry JS (the script and the chunks index.html preloads): ${entryGzipKiB} KiB gzip, ${entryBrotliKiB} KiB brotli.`,
  "The other pages, the wallet and chain code, the identity code and the officer's pages with their charts are",
  "separate chunks, loaded when a page needs them; each language's translations are chunks too (the visitor's own",
  "only; English, the fallback, on a missing key).",
  "",
].join("\n");
await writeFile(join(results, "web.md"), md);
console.log(md);
if (checks.some((c) => !c.met)) process.exit(1);
