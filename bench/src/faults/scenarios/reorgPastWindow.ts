import { setTimeout as sleep } from "node:timers/promises";
import { type Database, indexerCursors } from "@entrada/db";
import { apiCall } from "../apiCall.ts";
import type { ServerProcess } from "../createServerProcess.ts";
import { lastOutboxId } from "../lastOutboxId.ts";
import { payAndConfirm } from "../payAndConfirm.ts";
import { preparePayments } from "../preparePayments.ts";
import type { Scenario, ScenarioResult } from "../Scenario.ts";
import { checkScenario, waitForConvergence } from "../waitForConvergence.ts";
import { waitUntil } from "../waitUntil.ts";

const payments = 4;
/** More than the indexer's reorg window (`maxReorgDepth`, 256 blocks by default). */
const buried = 300;
/** How long a server may take to notice the reorg and stop. */
const stopWithinMs = 90_000;

/** The indexer's cursor (its last indexed block), or -1 when it has none. */
async function indexedBlock(db: Database): Promise<bigint> {
  let highest = -1n;
  for (const row of await db.select().from(indexerCursors)) if (row.blockNumber > highest) highest = row.blockNumber;
  return highest;
}

/** Whether a server's output names the reorg error, and whether a structured (JSON) log line at error or fatal level does. */
function fatalLog(output: string): { named: boolean; structured: boolean } {
  const named = /ReorgTooDeep|reorg(anisation|anization)? (is )?(too )?deep|deeper than/i.test(output);
  const structured = output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .some((line) => {
      try {
        const entry = JSON.parse(line) as { level?: number };
        return (entry.level ?? 0) >= 50 && /ReorgTooDeep|reorg/i.test(line);
      } catch {
        return false;
      }
    });
  return { named, structured };
}

/**
 * g. A reorganisation deeper than the indexer's window: payments are confirmed, buried under 300
 * blocks and indexed (the blocks below the window count as final), then `evm_revert` drops them and
 * a longer history without them is mined. The indexer cannot roll back below what it took as final.
 * Converged means:
 * 1. every running server stops on its own within 90 s, with a non-zero exit and a log naming the
 *    reorg (it never goes on serving over a record the chain contradicts);
 * 2. started again once, as a process manager would, the server either stops again the same way
 *    (the record, still claiming the dropped payments, is the operator's to repair), or stays up
 *    with the database and the escrow agreeing on every application the reorg touched: paid again
 *    (the relayer sent the dropped payment again, as it does after any reorg) or back to
 *    `submitted`, quote voided, traveller told (what the local chain's start-up does when it takes
 *    the chain for a reset) — and every message of it delivered once;
 * 3. nothing lost (`unitsLost`: what the database and the escrow disagree on) and nothing doubled.
 */
export const reorgPastWindow: Scenario = {
  name: "reorg-deep",
  summary: "a reorg deeper than the indexer's 256-block window: the servers must stop with a fatal log",
  async run(stack) {
    const { node } = stack;
    const prepared = await preparePayments(stack, payments);
    const afterEventId = await lastOutboxId(stack.db);
    await node.setIntervalMining(0);
    const snapshot = await node.testClient.snapshot();
    const forkBlock = await node.publicClient.getBlockNumber();
    await payAndConfirm(stack, prepared);
    await node.testClient.mine({ blocks: buried });
    const oldHead = await node.publicClient.getBlockNumber();
    await waitUntil(
      async () => (await indexedBlock(stack.db)) >= oldHead,
      120_000,
      "the indexer to reach the head",
      200,
    );

    // The suite watches the stop itself, and starts the server again itself.
    for (const server of stack.servers) server.supervised = false;
    const injectedAt = Date.now();
    await node.testClient.revert({ id: snapshot });
    await node.testClient.mine({ blocks: Number(oldHead - forkBlock) + 10 });
    await node.setIntervalMining(1_000);

    const notes: string[] = [];
    const describe = (server: ServerProcess, exit: unknown) => {
      const log = fatalLog(server.current!.output());
      return {
        log,
        line:
          `${exit === "still running" ? "still running" : `exited with ${exit}`}; log ` +
          `${log.named ? "names the reorg" : "does not name the reorg"}${log.structured ? " in a structured error line" : ", not in a structured (JSON) error line"}`,
      };
    };
    // 1. Every running server stops on its own, naming the reorg.
    let stopped = true;
    for (const server of stack.servers) {
      const exit = await Promise.race([server.current!.exited, sleep(stopWithinMs).then(() => "still running")]);
      const { log, line } = describe(server, exit);
      notes.push(`server ${server.name}: ${line}`);
      if (exit === "still running") await server.kill("SIGKILL");
      if (exit === "still running" || exit === 0 || !log.named) stopped = false;
    }
    const stoppedAt = Date.now();

    // 2. Started again (once, as a process manager would): it must either stop again, or stay up with
    // the database and the chain agreeing on every application the reorg touched.
    const server = stack.servers[0]!;
    await server.start().catch(() => {});
    const again = await Promise.race([server.current!.exited, sleep(30_000).then(() => "still running")]);
    const tracked = prepared.map((payment) => ({ ...payment, expect: "paidOrReturned" as const }));
    let outcome: { converged: boolean; check: Awaited<ReturnType<typeof checkScenario>> };
    if (again === "still running") {
      const convergence = await waitForConvergence(() => checkScenario(stack, tracked, afterEventId), {
        since: stoppedAt,
        deadline: stoppedAt + 180_000,
      });
      outcome = convergence;
      const reconciliationErrors = (server.current!.output().match(/needs manual reconciliation/g) ?? []).length;
      const states = await Promise.all(
        prepared.map(async (payment) => {
          const answer = await apiCall(server.url, {
            method: "GET",
            path: `/api/v1/applications/${payment.applicationId}/status`,
            cookie: payment.traveller.cookie,
          }).catch(() => undefined);
          return String(answer?.body?.state ?? "unknown");
        }),
      );
      const tally = [...new Set(states)].map((state) => `${states.filter((s) => s === state).length} ${state}`);
      notes.push(
        `restarted: stayed up; the database and the chain ${convergence.converged ? "agree" : "still disagree"} on the ${payments} applications (${tally.join(", ")})` +
          (reconciliationErrors > 0
            ? `; start-up took the chain for a reset and re-indexed from the start block, logging ${reconciliationErrors} "needs manual reconciliation" errors for settlements it had applied before`
            : ""),
      );
    } else {
      const { log, line } = describe(server, again);
      notes.push(`restarted: ${line}`);
      // Stopped again: the record still claims the dropped payments, for an operator to repair.
      outcome = {
        converged: again !== 0 && log.named,
        check: await checkScenario(stack, tracked, afterEventId),
      };
      notes.push(
        `the database still records ${payments} payments the surviving chain does not have (the operator's to repair)`,
      );
    }
    const converged = stopped && outcome.converged;
    return {
      scenario: reorgPastWindow.name,
      injected: `evm_revert to block ${forkBlock} dropped ${oldHead - forkBlock} indexed blocks (${payments} confirmed payments); ${Number(oldHead - forkBlock) + 10} empty blocks mined instead`,
      converged,
      secondsToConverge: converged ? Number(((Date.now() - injectedAt) / 1000).toFixed(1)) : null,
      paymentsChecked: payments,
      // Stopped again, the record still claims the dropped payments: the stop's reason, not a loss.
      unitsLost: Number(again === "still running" ? outcome.check.unitsLost : 0n),
      duplicates: outcome.check.duplicates,
      redeliveries: outcome.check.redeliveries,
      serverExits: 0,
      notes: [
        `stopped ${((stoppedAt - injectedAt) / 1000).toFixed(1)} s after the reorg`,
        ...notes,
        ...(outcome.converged ? [] : outcome.check.problems.slice(0, 10)),
      ],
    } satisfies ScenarioResult;
  },
};
