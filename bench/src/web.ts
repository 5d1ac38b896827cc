/**
 * `npm run bench:web`: what the web app costs a traveller — the bytes of its bundle (gzip and
 * brotli, as a server or CDN would send them) and, in Debian's Chromium against Entrada as
 * `npm start` runs it, how long a fresh visit takes until the eligibility form is usable and until an
 * eligibility check shows its answer. Writes bench/results/web.json and bench/results/web.md; exits
 * with 1 when a target is missed (after writing both).
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { launchBrowser, startStack } from "@entrada/web/e2e";
import { percentile } from "./api/percentile.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "apps", "web", "dist");
const results = join(root, "bench", "results");
const visits = 20;
// The entry bundle carries React, wagmi + viem (wallets, signing, the chain) and i18next with three
// languages; the officer's charts load apart.
const targets = { entryGzipKiB: 400, homeReadyP95Ms: 1_500, eligibilityP95Ms: 500, phoneReadyP95Ms: 2_500 };

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
const entryGzipKiB = kib(sized.filter((a) => a.entry).reduce((sum, a) => sum + a.gzip, 0));

// --- A fresh visit in Chromium ----------------------------------------------------------------
// Entrada and Chromium exactly as the browser tests start them (apps/web/e2e/harness.ts).
const [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
const { url } = stack;

const homeReady: number[] = [];
const firstPaint: number[] = [];
const eligibility: number[] = [];
const phoneVisits = 10;
const phoneReady: number[] = [];
const phonePaint: number[] = [];
const phoneBytes: number[] = [];
try {
  // One warm-up visit (the server's first answers compile routes and warm caches), then the samples.
  for (let visit = 0; visit <= visits; visit++) {
    // A new context each time: no cache, no cookies, no service worker — a first visit.
    const context = await browser.newContext({ locale: "en-GB", serviceWorkers: "block" });
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(`${url}/`);
    await page.getByTestId("eligibility-submit").waitFor({ state: "visible" });
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
    await page.goto(`${url}/`);
    await page.getByTestId("eligibility-submit").waitFor({ state: "visible", timeout: 60_000 });
    phoneReady.push(Date.now() - start);
    const paint = await page.evaluate(
      () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
    );
    if (Number.isFinite(paint)) phonePaint.push(paint);
    phoneBytes.push(transferred);
    await context.close();
  }
} finally {
  await browser.close();
  await stack.close();
}

const summary = (values: number[]) => ({
  p50: Math.round(percentile(values, 50)),
  p95: Math.round(percentile(values, 95)),
  max: Math.round(Math.max(...values)),
});
const report = {
  measuredAt: new Date().toISOString(),
  visits,
  entryGzipKiB,
  homeReadyMs: summary(homeReady),
  firstContentfulPaintMs: summary(firstPaint),
  eligibilityCheckMs: summary(eligibility),
  phone: {
    visits: phoneVisits,
    formUsableMs: summary(phoneReady),
    firstContentfulPaintMs: summary(phonePaint),
    transferredBytes: summary(phoneBytes),
  },
  assets: sized.map((a) => ({ ...a, bytes: a.bytes, gzip: a.gzip, brotli: a.brotli })),
};
const checks = [
  {
    figure: "entry bundle, gzip (KiB)",
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
  `| first contentful paint (ms) | ${report.phone.firstContentfulPaintMs.p50} | ${report.phone.firstContentfulPaintMs.p95} | ${report.phone.firstContentfulPaintMs.max} |`,
  `| bytes transferred | ${report.phone.transferredBytes.p50.toLocaleString("en-US")} | ${report.phone.transferredBytes.p95.toLocaleString("en-US")} | ${report.phone.transferredBytes.max.toLocaleString("en-US")} |`,
  "",
  "| asset | loaded | bytes | gzip | brotli |",
  "| --- | --- | ---: | ---: | ---: |",
  ...sized.map(
    (a) =>
      `| ${a.file} | ${a.entry ? "on every visit" : "when needed"} | ${a.bytes.toLocaleString("en-US")} | ${a.gzip.toLocaleString("en-US")} | ${a.brotli.toLocaleString("en-US")} |`,
  ),
  "",
  "The officer's pages and their charts (recharts) are a separate chunk, loaded only when an officer opens them.",
  "",
].join("\n");
await writeFile(join(results, "web.md"), md);
console.log(md);
if (checks.some((c) => !c.met)) process.exit(1);
