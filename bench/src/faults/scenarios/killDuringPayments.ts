import { lastOutboxId } from "../lastOutboxId.ts";
import { postAuthorization } from "../postAuthorization.ts";
import { preparePayments } from "../preparePayments.ts";
import { runStaggered } from "../runStaggered.ts";
import type { Scenario } from "../Scenario.ts";
import { toResult } from "../Scenario.ts";
import { checkScenario, waitForConvergence } from "../waitForConvergence.ts";
import { waitUntil } from "../waitUntil.ts";

const payments = 24;

/**
 * a. SIGKILL of the server in the middle of a burst of gasless payments. Every authorization is
 * posted once, the server is killed when a third of them have an answer, started again, and every
 * client posts its authorization again (the web app's Idempotency-Key, `authorization-<quote>`).
 * Converged: each application paid once on chain and `paid` in the database, the escrow's balance
 * equal to the payments it holds plus the fees it earned, each payment e-mailed and delivered once.
 */
export const killDuringPayments: Scenario = {
  name: "kill-payments",
  summary: "SIGKILL the server in the middle of a burst of gasless payments; clients re-post",
  async run(stack) {
    const prepared = await preparePayments(stack, payments);
    const afterEventId = await lastOutboxId(stack.db);
    const server = stack.servers[0]!;
    const deadline = Date.now() + 300_000;

    const burst = runStaggered(
      prepared.map((payment) => () => postAuthorization(stack.url, payment, { deadline, once: true })),
      25,
    );
    await waitUntil(() => burst.finished() >= payments / 3, 120_000, "a third of the answers");
    const injectedAt = Date.now();
    const answeredBeforeKill = burst.finished();
    await server.kill("SIGKILL");
    const first = await burst.all;
    await server.start();
    const restartedIn = (Date.now() - injectedAt) / 1000;

    // Every client retries, whether or not it had an answer: a retry must never pay twice.
    const retried = await Promise.all(prepared.map((payment) => postAuthorization(stack.url, payment, { deadline })));
    const tracked = prepared.map((payment) => ({
      applicationId: payment.applicationId,
      onchainId: payment.onchainId,
      expect: "paid" as const,
      total: payment.total,
      platformFee: payment.platformFee,
    }));
    const convergence = await waitForConvergence(() => checkScenario(stack, tracked, afterEventId), {
      since: injectedAt,
      deadline: injectedAt + 420_000,
    });
    const count = (outcomes: typeof first, outcome: string) => outcomes.filter((o) => o.outcome === outcome).length;
    return toResult(
      killDuringPayments.name,
      `SIGKILL after ${answeredBeforeKill} of ${payments} authorization posts had an answer; restarted in ${restartedIn.toFixed(1)} s`,
      convergence,
      [
        `first attempts: ${count(first, "done")} accepted, ${count(first, "no_answer")} cut off, ${count(first, "refused")} refused`,
        `retries: ${count(retried, "done")} done, ${count(retried, "refused")} refused, ${count(retried, "no_answer")} unanswered; ${retried.reduce((n, o) => n + o.attempts, 0)} requests`,
        ...retried.filter((o) => o.outcome !== "done").map((o) => `retry: ${o.detail}`),
      ],
    );
  },
};
