/**
 * `npm run bench:api`: measures the API under load and the latency of a payment's live event, and
 * writes bench/results/api.json and bench/results/api.md. Exits with 1 when a target is missed (after
 * writing both), and fails without writing when a load run got any answer but 2xx.
 *
 * One process runs all of Entrada (startEntrada: PGlite in a fresh temp folder, the embedded local
 * chain, the API, indexer, relayers and workers) and a bare Fastify app; autocannon runs in a child
 * process so that it has the other core.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { demoAccounts, devAccount } from "@entrada/contracts";
import { loadConfig, startEntrada } from "@entrada/server";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { freePort } from "./api/freePort.ts";
import { measurePaymentToSse } from "./api/measurePaymentToSse.ts";
import { percentile } from "./api/percentile.ts";
import { type LoadFigures, type LoadRequest, runAutocannon } from "./api/runAutocannon.ts";
import { startBareFastify } from "./api/startBareFastify.ts";
import { createQuotedApplication, signInTraveller } from "./api/travellerSteps.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const results = join(root, "bench", "results");

const connections = 10;
const durationSeconds = 20;
const warmupSeconds = 2;
/** Length of the context runs, which explain the status figure and are not targets. */
const contextSeconds = 5;
const payments = 200;
/** Payers of the payment run: funded demo wallets of the local chain. */
const payers = 10;
const maxJitterMs = 100;
/** The API's route for polling an application's state; without it, the status is the full read. */
const statusRoute = "/api/v1/applications/:id/status";
const applicationRoute = "/api/v1/applications/:id";
/** A route that reads no database: one product of the in-memory catalogue. */
const productPath = "/api/v1/catalogue/products/gb-eta";
/** Far above what 10 connections send in a minute, so the limiter runs but never answers 429. */
const rateLimitMax = 1_000_000;
/** 0, so that a payment's sample ends with Entrada's work, not with the local chain's block production. */
const confirmations = 0;
/** As the API ships: responses are not checked against their schemas (development and test check them). */
const nodeEnv = "production";
const intervals = { indexer: 100, relayer: 1_000, webhooks: 1_000, expiry: 30_000 };

const targets = { statusVsBare: 0.3, statusP99Ms: 50, paymentToSseP99Ms: 1_000 };

const started = Date.now();
/** A line of progress, with the seconds since the start. */
const progress = (message: string) => console.log(`api [${((Date.now() - started) / 1000).toFixed(1)} s]: ${message}`);
const dataDir = await mkdtemp(join(tmpdir(), "entrada-bench-api-"));
const apiPort = await freePort();
const chainPort = await freePort();
const config = loadConfig({
  NODE_ENV: nodeEnv,
  HOST: "127.0.0.1",
  PORT: String(apiPort),
  ENTRADA_DATA_DIR: dataDir,
  // Production wants an https origin for sign-in messages; the benchmark talks plain http on loopback.
  ENTRADA_PUBLIC_URL: `https://127.0.0.1:${apiPort}`,
  CHAIN_RPC_URL: `http://127.0.0.1:${chainPort}`,
  CHAIN_CONFIRMATIONS: String(confirmations),
  RATE_LIMIT_MAX: String(rateLimitMax),
  MASTER_KEY: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex"),
  SESSION_SECRET: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex"),
  // Production also wants identity's keys and lists; the benchmark never verifies anyone.
  IDENTITY_ISSUER_KEY: JSON.stringify(
    generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }),
  ),
  SANCTIONS_SDN_PATH: join(root, "packages/identity/data/sdn.sample.csv"),
  KYC_PROVIDER_URL: "http://127.0.0.1:9/kyc",
  KYC_PROVIDER_KEY: "benchmark",
});

const entrada = await startEntrada({ config, embeddedChain: true, logger: pino({ level: "silent" }), intervals });
const bare = await startBareFastify();
progress(`Entrada at ${entrada.url}, chain at ${entrada.chainUrl}, bare Fastify at ${bare.url}`);
const statusPath = entrada.app.hasRoute({ method: "GET", url: statusRoute }) ? statusRoute : applicationRoute;

type ContextRun = { name: string; figures: LoadFigures };
let figures: {
  bare: LoadFigures;
  status: LoadFigures;
  quote: LoadFigures;
  context: ContextRun[];
  paymentLatencies: number[];
  answerLatencies: number[];
  postLatencies: number[];
};
try {
  // One traveller per connection, each with a quoted application (`payment_pending`) of their own.
  const travellers = await Promise.all(
    Array.from({ length: connections }, async () => {
      const traveller = await signInTraveller(entrada.app, privateKeyToAccount(generatePrivateKey()));
      return { traveller, applicationId: await createQuotedApplication(entrada.app, traveller) };
    }),
  );
  /** Connection i sends traveller i's request. */
  const each = (request: (traveller: (typeof travellers)[number]) => LoadRequest) => travellers.map(request);
  const get = (route: string) =>
    each(({ traveller, applicationId }) => ({
      method: "GET",
      path: route.replace(":id", applicationId),
      headers: { cookie: traveller.cookie },
    }));
  const load = { url: entrada.url, connections, durationSeconds, warmupSeconds };

  progress(`bare Fastify, ${connections} connections, ${durationSeconds} s`);
  const bareFigures = await runAutocannon({ ...load, url: bare.url, requests: [{ method: "GET", path: bare.path }] });

  progress(`GET ${statusPath}, ${connections} connections, ${durationSeconds} s`);
  const status = await runAutocannon({ ...load, requests: get(statusPath) });

  progress(`POST /api/v1/applications/:id/quote, ${connections} connections, ${durationSeconds} s`);
  const quote = await runAutocannon({
    ...load,
    requests: each(({ traveller, applicationId }) => ({
      method: "POST",
      path: `/api/v1/applications/${applicationId}/quote`,
      headers: {
        cookie: traveller.cookie,
        "content-type": "application/json",
        // A client's retry key, fresh for every request (autocannon fills in `[<id>]`).
        "idempotency-key": "bench-[<id>]",
      },
      body: JSON.stringify({ token: "USDC" }),
    })),
  });

  // Context, not targets: where the status figure's time goes.
  const short = { ...load, durationSeconds: contextSeconds };
  const contextRuns: { name: string; requests: LoadRequest[] }[] = [
    ...(statusPath === applicationRoute
      ? []
      : [{ name: `\`GET ${applicationRoute}\` (the full read), session cookie`, requests: get(applicationRoute) }]),
    { name: `\`GET ${productPath}\` (no database), anonymous`, requests: [{ method: "GET", path: productPath }] },
    { name: `\`GET ${productPath}\` (no database), session cookie`, requests: get(productPath) },
  ];
  const context: ContextRun[] = [];
  for (const run of contextRuns) {
    progress(`context: ${run.name.replaceAll("`", "")}, ${contextSeconds} s`);
    context.push({ name: run.name, figures: await runAutocannon({ ...short, requests: run.requests }) });
  }

  progress(`${payments} gasless payments, inclusion → payment.confirmed on the payer's stream`);
  const payerTravellers = await Promise.all(
    Array.from({ length: payers }, (_, i) => signInTraveller(entrada.app, devAccount(demoAccounts.firstWallet + i))),
  );
  const samples = await measurePaymentToSse({
    url: entrada.url,
    app: entrada.app,
    client: entrada.client,
    chainWsUrl: entrada.chainUrl.replace(/^http/, "ws"),
    travellers: payerTravellers,
    payments,
    maxJitterMs,
    progress,
  });
  figures = {
    bare: bareFigures,
    status,
    quote,
    context,
    paymentLatencies: samples.map((sample) => sample.latencyMs),
    answerLatencies: samples.map((sample) => sample.answeredAt - sample.includedAt),
    postLatencies: samples.map((sample) => sample.answeredAt - sample.postedAt),
  };
} finally {
  progress("stopping");
  await bare.close();
  await entrada.close();
  await rm(dataDir, { recursive: true, force: true });
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const report = {
  statusRps: round(figures.status.rps, 1),
  statusP50Ms: figures.status.p50Ms,
  statusP99Ms: figures.status.p99Ms,
  quoteRps: round(figures.quote.rps, 1),
  quoteP99Ms: figures.quote.p99Ms,
  bareFastifyRps: round(figures.bare.rps, 1),
  statusVsBare: round(figures.status.rps / figures.bare.rps, 3),
  paymentToSseP50Ms: round(percentile(figures.paymentLatencies, 50), 1),
  paymentToSseP99Ms: round(percentile(figures.paymentLatencies, 99), 1),
};
const rows = [
  {
    figure: "statusVsBare",
    value: report.statusVsBare,
    target: `≥ ${targets.statusVsBare}`,
    met: report.statusVsBare >= targets.statusVsBare,
  },
  {
    figure: "statusP99Ms",
    value: report.statusP99Ms,
    target: `≤ ${targets.statusP99Ms}`,
    met: report.statusP99Ms <= targets.statusP99Ms,
  },
  {
    figure: "paymentToSseP99Ms",
    value: report.paymentToSseP99Ms,
    target: `≤ ${targets.paymentToSseP99Ms.toLocaleString("en-US")}`,
    met: report.paymentToSseP99Ms <= targets.paymentToSseP99Ms,
  },
];

await writeFile(join(results, "api.json"), `${JSON.stringify(report, null, 2)}\n`);
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 3 });
const ms = (values: number[], p: number) => fmt(round(percentile(values, p), 1));
const max = (values: number[]) => fmt(round(Math.max(...values), 1));
const loadRow = (name: string, f: LoadFigures) =>
  `| ${name} | ${fmt(round(f.rps, 1))} | ${fmt(f.p50Ms)} | ${fmt(f.p99Ms)} | ${fmt(f.total)} | ${fmt(round(f.rps / figures.bare.rps, 3))} |`;
const statusIsFullRead = statusPath === applicationRoute;
const md = [
  "# API throughput and payment → live event latency",
  "",
  "Measured by `npm run bench:api`. One Node process runs all of Entrada (`startEntrada`: PGlite in a fresh",
  "temp folder, the embedded local chain — Hardhat 2.29 EDR, automining — the API, indexer, relayers and",
  "outbox workers) and a bare Fastify app; autocannon 9 runs in a child process on loopback, so that the",
  `load generator has the other core. Each load run is ${warmupSeconds} s of warm-up, then ${durationSeconds} s measured with ${connections}`,
  "connections; every answer of both had to be 2xx, else the benchmark fails without writing results.",
  "",
  "| figure | value | target | met |",
  "| --- | ---: | ---: | --- |",
  ...rows.map((r) => `| ${r.figure} | ${fmt(r.value)} | ${r.target} | ${r.met ? "yes" : "**no**"} |`),
  "",
  "| load run | RPS (mean of 1 s samples) | p50 ms | p99 ms | requests | RPS / bare |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  loadRow("bare Fastify: `GET /status`, a small JSON, no plugins", figures.bare),
  loadRow(`status: \`GET ${statusPath}\`, session cookie`, figures.status),
  loadRow("quote: `POST /api/v1/applications/:id/quote`, a new Idempotency-Key each", figures.quote),
  ...figures.context.map((run) => loadRow(`context (${contextSeconds} s): ${run.name}`, run.figures)),
  "",
  "A latency of 0 ms is under 1 ms: autocannon records whole milliseconds.",
  "",
  `Payment → SSE over ${payments} gasless payments: p50 ${fmt(report.paymentToSseP50Ms)} ms, p99 ${fmt(report.paymentToSseP99Ms)} ms, max`,
  `${max(figures.paymentLatencies)} ms. The payer's \`POST …/payment/authorization\` was answered in p50 ${ms(figures.postLatencies, 50)} ms (max`,
  `${max(figures.postLatencies)} ms), p50 ${ms(figures.answerLatencies, 50)} ms after the inclusion of its transaction.`,
  "",
  "## What is measured",
  "",
  "- **status**: one signed-in traveller (SIWE session cookie) per connection polls their own",
  `  \`payment_pending\` application, quoted once, with \`GET ${statusPath}\`.`,
  statusIsFullRead
    ? "  The API has no lighter status route, so this is the full read: applicant, answers (decrypted), quote."
    : `  This is the API's route for polling a state; the full read, \`GET ${applicationRoute}\` (applicant,\n  answers decrypted, quote), is a context run.`,
  "- **quote**: each request prices, signs and stores a new quote that supersedes the open one (feed",
  "  prices read from the chain, an EIP-712 signature, one transaction) and carries its own",
  "  `Idempotency-Key`, as a retrying client would, so the key's reservation is part of the cost.",
  "- **statusVsBare** = statusRps / bareFastifyRps, both measured in this run. The bare app runs in the",
  "  same process as Entrada, with Entrada's background loops ticking, as the API does. At its rate both",
  "  the server and autocannon use about a core each, so bareFastifyRps is a lower bound of what bare",
  "  Fastify could answer with a faster load generator, and the ratio is if anything generous.",
  "- **context runs** (not targets): a route that reads no database (the catalogue is in memory),",
  "  anonymous — the cost of the plugin stack (helmet, rate limit, cookies, authentication hook,",
  "  idempotency hooks, zod) — then with a session cookie, which adds resolving the session. PGlite runs",
  "  one query at a time on the event loop, so every query a request makes costs all requests throughput.",
  `- **payment → SSE**: ${payers} funded demo wallets, each signed in with its SSE stream open`,
  "  (`GET /api/v1/events/stream`), pay prepared applications one at a time (each after a random",
  `  0–${maxJitterMs} ms pause, so that payments do not lock onto the indexer's polling phase): the EIP-3009`,
  "  signature of the typed data from `GET …/payment` is posted to `…/payment/authorization` and the",
  "  relayer sends `payWithAuthorization`. A sample runs from the inclusion of the transaction — the",
  "  arrival of the node's `newHeads` WebSocket announcement of its block, stamped with `performance.now()`",
  "  — to the arrival of `payment.confirmed` on the payer's stream: the indexer's poll, its handler and",
  "  the outbox in one transaction, `NOTIFY`, the SSE hub's load of the row and the write to the stream.",
  "",
  "## Setup",
  "",
  `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}, ${process.platform}.`,
  `- Database: PGlite (in-process) in a fresh temp folder. \`NODE_ENV=${nodeEnv}\`, as the API ships: responses`,
  "  are not checked against their schemas (development and test check them, about 5 % slower on the",
  "  full read); the benchmark sets its own `MASTER_KEY` and `SESSION_SECRET`.",
  `- \`RATE_LIMIT_MAX=${rateLimitMax.toLocaleString("en-US")}\` (default 300 a minute per client): raised so that the`,
  "  benchmark's one client address measures the API, not 429s; the limiter still runs on every request.",
  `- \`CHAIN_CONFIRMATIONS=${confirmations}\` (default 1): the automining local chain makes a block only when a`,
  "  transaction arrives, so at depth 1 a payment would wait for the next payment's block: a figure of the",
  "  benchmark's pace, not of Entrada. Confirmation depth is per chain: on a chain with depth N and block",
  "  time T, a payment's event comes about N × T later than measured here.",
  `- Intervals: indexer ${intervals.indexer} ms when idle (the default), relayer ${intervals.relayer / 1000} s, webhooks ${intervals.webhooks / 1000} s, expiry ${intervals.expiry / 1000} s.`,
  "",
  `Measured ${new Date().toISOString().slice(0, 10)} in ${((Date.now() - started) / 1000).toFixed(1)} s with \`npm run bench:api\`.`,
  "",
].join("\n");
await writeFile(join(results, "api.md"), md);

for (const r of rows) console.log(`${r.met ? "ok  " : "MISS"} ${r.figure}: ${fmt(r.value)} (target ${r.target})`);
console.log(`api: ${JSON.stringify(report)}`);
console.log("api: wrote bench/results/api.json and bench/results/api.md");
if (rows.some((r) => !r.met)) process.exit(1);
