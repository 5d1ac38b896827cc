/**
 * `npm run test:faults [-- <scenario> …]`: the fault suite. Starts a fresh PostgreSQL database (on
 * FAULTS_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres), an external chain node
 * and Entrada server processes, then runs each scenario — inject a fault in the middle of a
 * workload, wait for convergence with a deadline, compare the database with the escrow and the
 * messages received with those recorded — and writes bench/results/faults.json. Exits with 1 when a
 * scenario did not converge, lost a unit or duplicated anything. Logs stay in a temp folder it names.
 */
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Scenario, ScenarioResult } from "./Scenario.ts";
import { cutChainRpc } from "./scenarios/cutChainRpc.ts";
import { cutDatabase } from "./scenarios/cutDatabase.ts";
import { killDuringOutbox } from "./scenarios/killDuringOutbox.ts";
import { killDuringPayments } from "./scenarios/killDuringPayments.ts";
import { killDuringSettlements } from "./scenarios/killDuringSettlements.ts";
import { reorgPastConfirmations } from "./scenarios/reorgPastConfirmations.ts";
import { reorgPastWindow } from "./scenarios/reorgPastWindow.ts";
import { startFaultStack } from "./startFaultStack.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const resultsPath = join(root, "bench", "results", "faults.json");

/** In the order they run: the deep reorg stops the servers for good, so it comes last. */
const scenarios: Scenario[] = [
  killDuringPayments,
  killDuringSettlements,
  killDuringOutbox,
  cutChainRpc,
  cutDatabase,
  reorgPastConfirmations,
  reorgPastWindow,
];

const started = Date.now();
/** The machine's 1-minute load average at the start: other work on it slows convergence. */
const loadAtStart = loadavg()[0]!;
const progress = (message: string) =>
  console.log(`faults [${((Date.now() - started) / 1000).toFixed(1)} s]: ${message}`);

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = wanted.filter((name) => !scenarios.some((scenario) => scenario.name === name));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(", ")}; known: ${scenarios.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const selected = wanted.length === 0 ? scenarios : scenarios.filter((scenario) => wanted.includes(scenario.name));

progress("starting PostgreSQL database, chain node, proxies, receivers and the server");
const stack = await startFaultStack({
  root,
  postgresUrl: process.env.FAULTS_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  travellers: 10,
  confirmations: 1,
});
progress(`ready: server ${stack.url}, chain ${stack.node.url}, logs in ${stack.logDir}`);
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  progress(`${signal}: cleaning up`);
  await stack.close();
  process.exit(130);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

const results: ScenarioResult[] = [];
try {
  for (const scenario of selected) {
    progress(`${scenario.name}: ${scenario.summary}`);
    const scenarioStarted = Date.now();
    // A server that died in the previous scenario and was not started again (its start failed).
    for (const server of stack.servers) {
      const child = server.current?.child;
      if (child !== undefined && (child.exitCode !== null || child.signalCode !== null)) await server.start();
    }
    const exitsBefore = stack.servers.map((server) => server.unexpectedExits.length);
    let result: ScenarioResult;
    try {
      result = await scenario.run(stack);
    } catch (error) {
      result = {
        scenario: scenario.name,
        injected: "the scenario failed before or while injecting",
        converged: false,
        secondsToConverge: null,
        paymentsChecked: 0,
        unitsLost: 0,
        duplicates: 0,
        redeliveries: 0,
        serverExits: 0,
        notes: [error instanceof Error ? (error.stack ?? error.message) : String(error)],
      };
    }
    for (const [i, server] of stack.servers.entries()) {
      const exits = server.unexpectedExits.slice(exitsBefore[i]);
      result.serverExits += exits.length;
      for (const exit of exits)
        result.notes.push(`server ${server.name} exited on its own (${exit.code}); see ${exit.logPath}`);
    }
    results.push(result);
    progress(
      `${scenario.name}: ${result.converged ? "converged" : "DID NOT CONVERGE"} in ${result.secondsToConverge ?? "—"} s, ` +
        `${result.paymentsChecked} payments, ${result.unitsLost} units lost, ${result.duplicates} duplicates, ` +
        `${result.redeliveries} redeliveries, ${result.serverExits} server exits (${((Date.now() - scenarioStarted) / 1000).toFixed(0)} s)`,
    );
    for (const note of result.notes) progress(`  ${note}`);
  }
} finally {
  progress("stopping");
  await stack.close();
}

// A run of some scenarios replaces their lines and keeps the others'.
let previous: { scenarios?: (ScenarioResult & { measuredAt?: string })[] } = {};
try {
  previous = JSON.parse(await readFile(resultsPath, "utf8"));
} catch {}
const measuredAt = new Date().toISOString();
const merged = [
  ...(previous.scenarios ?? []).filter((old) => !results.some((result) => result.scenario === old.scenario)),
  ...results.map((result) => ({ ...result, measuredAt })),
].sort((a, b) => scenarios.findIndex((s) => s.name === a.scenario) - scenarios.findIndex((s) => s.name === b.scenario));
const report = {
  command: "npm run test:faults",
  machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}`,
  secondsLastRun: Number(((Date.now() - started) / 1000).toFixed(0)),
  /** 1-minute load averages at the start and the end of the last run (above the core count: other work competed). */
  loadAverageLastRun: { start: Number(loadAtStart.toFixed(2)), end: Number(loadavg()[0]!.toFixed(2)) },
  scenarios: merged,
};
await writeFile(resultsPath, `${JSON.stringify(report, null, 2)}\n`);
progress(`wrote ${resultsPath}`);

const failed = results.filter((result) => !result.converged || result.unitsLost !== 0 || result.duplicates !== 0);
if (failed.length > 0) {
  console.error(`faults: ${failed.map((result) => result.scenario).join(", ")} failed`);
  process.exit(1);
}
console.log(`faults: all ${results.length} scenarios converged with nothing lost or duplicated`);
