/**
 * `npm run bench:load`: the hot routes under load with two server processes on one PostgreSQL. For
 * each route it finds the highest throughput (unthrottled runs at more and more connections), then
 * holds 80 % of it for 60 s while travellers keep paying in the background; every answer must be
 * 2xx. Then every notification those payments caused must have been sent exactly once, though both
 * processes' outbox workers competed for them. Writes bench/results/load.json and load.md; exits
 * with 1 (after writing) when a notification was duplicated or lost.
 *
 * Everything runs on 127.0.0.1: a fresh database on FAULTS_POSTGRES_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres, dropped at the end), the external chain node,
 * the servers in production mode, a mail receiver, and autocannon in one child process per server.
 */
import { writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { LoadRequest } from "./api/runAutocannon.ts";
import { checkNotifications, type NotificationReport } from "./faults/checkNotifications.ts";
import { lastOutboxId } from "./faults/lastOutboxId.ts";
import { postAuthorization } from "./faults/postAuthorization.ts";
import { type PreparedPayment, preparePayment } from "./faults/preparePayment.ts";
import { waitForStates } from "./faults/waitForStates.ts";
import { findMaxThroughput, type MaxThroughput } from "./load/findMaxThroughput.ts";
import { runOnServers, type ServersFigures } from "./load/runOnServers.ts";
import { startLoadStack } from "./load/startLoadStack.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const results = join(root, "bench", "results");

/** Connections per server tried when looking for the highest throughput. */
const levels = [4, 8, 16] as const;
const searchSeconds = 10;
const warmupSeconds = 2;
const holdSeconds = 60;
const holdShare = 0.8;
/** Gasless payments made in the background of each 60 s run: they feed the outbox both workers compete for. */
const paymentsPerRun = 6;
const travellerCount = 12;

const started = Date.now();
/** The machine's 1-minute load average at the start: other work on it lowers every figure. */
const loadAtStart = loadavg()[0]!;
const progress = (message: string) => console.log(`load [${((Date.now() - started) / 1000).toFixed(1)} s]: ${message}`);

progress("starting PostgreSQL database, chain node, mail receiver and two servers (production mode)");
const stack = await startLoadStack({
  root,
  postgresUrl: process.env.FAULTS_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  travellers: travellerCount,
});
const urls = stack.servers.map((server) => server.url);
progress(`servers ${urls.join(", ")}; logs in ${stack.logDir}`);

type RouteRun = { name: string; route: string; max: MaxThroughput; hold: ServersFigures; targetRps: number };
const runs: RouteRun[] = [];
let notifications: NotificationReport;
let paymentsMade = 0;
try {
  // One quoted application per connection and server: a connection never races another over one
  // application (a quote supersedes the open one, under the application's lock).
  const maxConnections = levels[levels.length - 1]!;
  progress(`preparing ${maxConnections * urls.length} quoted applications and ${paymentsPerRun * 4} payments`);
  const owned: PreparedPayment[] = [];
  for (let i = 0; i < maxConnections * urls.length; i += 1) {
    owned.push(await preparePayment(urls[i % urls.length]!, stack.travellers[i % stack.travellers.length]!));
  }
  const background: PreparedPayment[] = [];
  for (let i = 0; i < paymentsPerRun * 4; i += 1) {
    background.push(await preparePayment(urls[i % urls.length]!, stack.travellers[(i + 5) % stack.travellers.length]!));
  }
  const afterEventId = await lastOutboxId(stack.db);
  /** Connection j of server i: its own application. */
  const ownApplication = (server: number, connection: number) => owned[server * maxConnections + connection]!;

  const routes: { name: string; route: string; requestsFor: (server: number, connections: number) => LoadRequest[] }[] =
    [
      {
        name: "status",
        route: "GET /api/v1/applications/:id/status",
        requestsFor: (server, connections) =>
          Array.from({ length: connections }, (_, j) => {
            const application = ownApplication(server, j);
            return {
              method: "GET",
              path: `/api/v1/applications/${application.applicationId}/status`,
              headers: { cookie: application.traveller.cookie },
            };
          }),
      },
      {
        name: "catalogue",
        route: "GET /api/v1/catalogue/products",
        requestsFor: () => [{ method: "GET", path: "/api/v1/catalogue/products" }],
      },
      {
        name: "eligibility",
        route: "POST /api/v1/eligibility",
        requestsFor: () => [
          {
            method: "POST",
            path: "/api/v1/eligibility",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ nationality: "USA", destination: "GB", purpose: "tourist" }),
          },
        ],
      },
      {
        name: "quote",
        route: "POST /api/v1/applications/:id/quote",
        requestsFor: (server, connections) =>
          Array.from({ length: connections }, (_, j) => {
            const application = ownApplication(server, j);
            return {
              method: "POST",
              path: `/api/v1/applications/${application.applicationId}/quote`,
              headers: {
                cookie: application.traveller.cookie,
                "content-type": "application/json",
                // A retrying client's key, new for every request (autocannon fills in `[<id>]`).
                "idempotency-key": `load-[<id>]`,
              },
              body: JSON.stringify({ token: "USDC" }),
            };
          }),
      },
    ];

  for (const [k, route] of routes.entries()) {
    progress(`${route.route}: looking for the highest throughput (${searchSeconds} s per level)`);
    const max = await findMaxThroughput({
      urls,
      levels,
      durationSeconds: searchSeconds,
      warmupSeconds,
      requestsFor: route.requestsFor,
      progress,
    });
    const targetRps = Math.floor(max.figures.rps * holdShare);
    progress(
      `${route.route}: ${holdSeconds} s at ${targetRps} requests/s (80 % of ${max.figures.rps.toFixed(0)}), payments in the background`,
    );
    // The payments of this run, one every so often, to either server in turn.
    const mine = background.slice(k * paymentsPerRun, (k + 1) * paymentsPerRun);
    const paying = (async () => {
      for (const [i, payment] of mine.entries()) {
        await sleep(((holdSeconds - 10) * 1000) / mine.length);
        const outcome = await postAuthorization(urls[i % urls.length]!, payment, { deadline: Date.now() + 60_000 });
        if (outcome.outcome !== "done") throw new Error(`a background payment failed: ${outcome.detail}`);
        paymentsMade += 1;
      }
    })();
    const hold = await runOnServers({
      urls,
      connections: max.connections,
      durationSeconds: holdSeconds,
      warmupSeconds: 0,
      overallRate: targetRps,
      requestsFor: route.requestsFor,
    });
    await paying;
    progress(
      `${route.route}: ${hold.rps.toFixed(0)} requests/s, p50 ${hold.p50Ms.toFixed(1)} ms, p99 ${hold.p99Ms} ms, ${hold.total} answers, all 2xx`,
    );
    runs.push({ ...route, max, hold, targetRps });
  }

  progress("waiting for the background payments' notifications");
  await waitForStates(
    urls[0]!,
    background.map((payment) => ({ id: payment.applicationId, cookie: payment.traveller.cookie })),
    ["paid"],
    120_000,
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    notifications = await checkNotifications({
      db: stack.db,
      mail: stack.mail,
      afterEventId,
      applicationIds: background.map((payment) => payment.applicationId),
    });
    if (notifications.settled || Date.now() > deadline) break;
    await sleep(1_000);
  }
} finally {
  progress("stopping");
  await stack.close();
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const report = {
  command: "npm run bench:load",
  machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}`,
  setup: {
    servers: 2,
    database: "PostgreSQL (one database, both servers)",
    mode: "NODE_ENV=production",
    loadGenerator: "autocannon 9, one child process per server",
    holdSeconds,
    holdShare,
  },
  routes: Object.fromEntries(
    runs.map((run) => [
      run.name,
      {
        route: run.route,
        maxRps: round(run.max.figures.rps),
        maxAtConnectionsPerServer: run.max.connections,
        levels: run.max.tried,
        targetRps: run.targetRps,
        rps: round(run.hold.rps),
        p50Ms: round(run.hold.p50Ms),
        p99Ms: run.hold.p99Ms,
        requests: run.hold.total,
        errors: 0,
        perServer: run.hold.perServer.map((figures) => ({
          rps: round(figures.rps),
          p50Ms: figures.p50Ms,
          p99Ms: figures.p99Ms,
          requests: figures.total,
        })),
      },
    ]),
  ),
  notifications: {
    backgroundPayments: paymentsMade,
    outboxEvents: notifications!.events,
    emails: notifications!.emails,
    lost: notifications!.lost,
    duplicates: notifications!.duplicates,
    redeliveries: notifications!.redeliveries,
    settled: notifications!.settled,
    problems: notifications!.problems,
  },
  seconds: Math.round((Date.now() - started) / 1000),
  /** 1-minute load averages of the machine at the start and the end (2 cores: above 2, something else competed). */
  loadAverage: { start: round(loadAtStart, 2), end: round(loadavg()[0]!, 2) },
  measuredAt: new Date().toISOString(),
};
await writeFile(join(results, "load.json"), `${JSON.stringify(report, null, 2)}\n`);

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });
const md = [
  "# Load: the hot routes on two server processes",
  "",
  "Measured by `npm run bench:load`. Two Entrada server processes (`NODE_ENV=production`) share one",
  "PostgreSQL database and the external chain node (`npm run chain`, a block a second); autocannon runs",
  "in one child process per server, on loopback. For each route, unthrottled runs of",
  `${searchSeconds} s at ${levels.join(", ")} connections per server find the highest throughput (stopping when a level`,
  `adds under 5 %); then ${holdSeconds} s at ${holdShare * 100} % of it, split evenly over the servers, while ${paymentsPerRun} gasless`,
  "payments are made in the background. Every answer of every run had to be 2xx, or the benchmark fails.",
  "",
  "| route | max req/s | held req/s (target) | p50 ms | p99 ms | requests | errors |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...runs.map(
    (run) =>
      `| \`${run.route}\` | ${fmt(run.max.figures.rps)} | ${fmt(run.hold.rps)} (${fmt(run.targetRps)}) | ${fmt(run.hold.p50Ms)} | ${fmt(run.hold.p99Ms)} | ${fmt(run.hold.total)} | 0 |`,
  ),
  "",
  "p50 is the servers' medians weighted by their requests, p99 the higher of the two servers' (autocannon",
  "reports percentiles, not samples). A latency of 0 ms is under 1 ms: autocannon records whole ms.",
  "The load generator shares the machine's two cores with both servers, PostgreSQL and the chain node, so",
  "the maxima are the whole machine's, not one server's.",
  "",
  `Notifications: ${paymentsMade} background payments caused ${notifications!.events} outbox events and ${notifications!.emails} e-mails,`,
  `handled by whichever server's worker claimed them: ${notifications!.duplicates} duplicates, ${notifications!.lost} lost, ${notifications!.redeliveries} redeliveries`,
  "(e-mails counted by `Message-ID` at the mail receiver, and by event and recipient in the database).",
  "",
  `Measured ${report.measuredAt.slice(0, 10)} in ${report.seconds} s on ${report.machine}; the machine's 1-minute load`,
  `average was ${report.loadAverage.start} at the start and ${report.loadAverage.end} at the end (with ${cpus().length} cores, anything above ${cpus().length} means`,
  "other work competed for them, and every figure above is lower for it).",
  "",
].join("\n");
await writeFile(join(results, "load.md"), md);
progress("wrote bench/results/load.json and bench/results/load.md");
if (!notifications!.settled || notifications!.duplicates > 0 || notifications!.lost > 0) {
  console.error(`load: notifications not exactly once: ${notifications!.problems.join("; ")}`);
  process.exit(1);
}
