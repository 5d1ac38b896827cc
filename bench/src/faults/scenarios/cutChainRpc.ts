import { setTimeout as sleep } from "node:timers/promises";
import { lastOutboxId } from "../lastOutboxId.ts";
import { prepareMixedWorkload } from "../prepareMixedWorkload.ts";
import { type Scenario, toResult } from "../Scenario.ts";
import { checkScenario, waitForConvergence } from "../waitForConvergence.ts";
import { waitUntil } from "../waitUntil.ts";

const outageMs = 60_000;

/**
 * d. The chain's RPC gone for 60 s while payments and settlements are in flight: the TCP proxy
 * between the server and the node resets every connection and refuses new ones, then lets them
 * through again (the node itself, and its state, live on). Clients keep retrying.
 * Converged: every payment `paid`, every decision settled, the escrow balanced, messages once.
 */
export const cutChainRpc: Scenario = {
  name: "rpc-down",
  summary: "cut the chain node's RPC for 60 s while payments and settlements are in flight",
  async run(stack) {
    const workload = await prepareMixedWorkload(stack, { payments: 12, settlements: 8 });
    const afterEventId = await lastOutboxId(stack.db);
    const clients = workload.start({ deadline: Date.now() + outageMs + 300_000, staggerMs: 150 });
    await waitUntil(() => clients.finished() >= 3, 60_000, "three answers");
    const answeredBefore = clients.finished();
    stack.rpcProxy.cut();
    await sleep(outageMs);
    const answeredDuring = clients.finished() - answeredBefore;
    stack.rpcProxy.restore();
    const restoredAt = Date.now();
    const outcomes = await clients.all;
    const convergence = await waitForConvergence(() => checkScenario(stack, workload.tracked, afterEventId), {
      since: restoredAt,
      deadline: restoredAt + 300_000,
    });
    return toResult(
      cutChainRpc.name,
      `RPC cut for ${outageMs / 1000} s after ${answeredBefore} of ${workload.tracked.length} client requests had an answer; secondsToConverge counts from the restore`,
      convergence,
      [
        `${answeredDuring} clients got a final answer during the outage`,
        `clients: ${outcomes.filter((o) => o.outcome === "done").length} done, ${outcomes.reduce((n, o) => n + o.attempts, 0)} requests in all`,
        ...outcomes.filter((o) => o.outcome !== "done").map((o) => `client: ${o.detail}`),
      ],
    );
  },
};
