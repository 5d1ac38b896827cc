import { apiCall } from "../apiCall.ts";
import type { TrackedApplication } from "../checkLedger.ts";
import { lastOutboxId } from "../lastOutboxId.ts";
import { payAndConfirm } from "../payAndConfirm.ts";
import { type Decision, postDecision } from "../postDecision.ts";
import { preparePayments } from "../preparePayments.ts";
import { runStaggered } from "../runStaggered.ts";
import { type Scenario, toResult } from "../Scenario.ts";
import { checkScenario, waitForConvergence } from "../waitForConvergence.ts";
import { waitUntil } from "../waitUntil.ts";

const applications = 16;

/**
 * b. SIGKILL in the middle of settlements. Paid applications are decided by the gb-eta officer,
 * alternately approved and rejected, each decision posted once; the server is killed when a third
 * of them have an answer and started again. The officer sends again only the decisions that got no
 * answer and that the application does not show as taken (approved or rejected) after the restart:
 * a decision recorded before the crash must settle without help, by its durable settlement job.
 * Converged: each approved
 * application `issued` with one `EscrowReleased`, each rejected one `refunded` with one
 * `EscrowRefunded`, the escrow balanced, every message delivered once.
 */
export const killDuringSettlements: Scenario = {
  name: "kill-settlements",
  summary: "SIGKILL the server while an officer approves and rejects a batch; decisions not recorded are re-posted",
  async run(stack) {
    const paid = await payAndConfirm(stack, await preparePayments(stack, applications));
    const afterEventId = await lastOutboxId(stack.db);
    const server = stack.servers[0]!;
    const deadline = Date.now() + 300_000;
    const decisions: Decision[] = paid.map((_, i) => (i % 2 === 0 ? "approve" : "reject"));

    const burst = runStaggered(
      paid.map(
        (payment, i) => () =>
          postDecision(stack.url, stack.officer, payment.applicationId, decisions[i]!, { deadline, once: true }),
      ),
      40,
    );
    await waitUntil(() => burst.finished() >= applications / 3, 120_000, "a third of the answers");
    const injectedAt = Date.now();
    const answeredBeforeKill = burst.finished();
    await server.kill("SIGKILL");
    const first = await burst.all;
    await server.start();
    const restartedIn = (Date.now() - injectedAt) / 1000;

    // What the unanswered decisions left behind, as the officer's screen shows it before they retry.
    const unanswered = paid.map((payment, i) => ({ payment, i })).filter(({ i }) => first[i]!.outcome !== "done");
    const seen = await Promise.all(
      unanswered.map(async ({ payment }) => {
        const answer = await apiCall(stack.url, {
          method: "GET",
          path: `/api/v1/applications/${payment.applicationId}/status`,
          cookie: payment.traveller.cookie,
        });
        return String(answer.body?.state);
      }),
    );
    // As the officer's screen shows it: a decision taken is not taken again.
    const untaken = unanswered.filter((_, k) => !["approved", "rejected", "issued", "refunded"].includes(seen[k]!));
    const retried = await Promise.all(
      untaken.map(({ payment, i }) =>
        postDecision(stack.url, stack.officer, payment.applicationId, decisions[i]!, { deadline }),
      ),
    );
    const tracked: TrackedApplication[] = paid.map((payment, i) => ({
      applicationId: payment.applicationId,
      onchainId: payment.onchainId,
      expect: decisions[i] === "approve" ? "issued" : "refunded",
      total: payment.total,
      platformFee: payment.platformFee,
    }));
    const convergence = await waitForConvergence(() => checkScenario(stack, tracked, afterEventId), {
      since: injectedAt,
      deadline: injectedAt + 420_000,
    });
    const states = new Map<string, number>();
    for (const state of seen) states.set(state, (states.get(state) ?? 0) + 1);
    return toResult(
      killDuringSettlements.name,
      `SIGKILL after ${answeredBeforeKill} of ${applications} decisions had an answer; restarted in ${restartedIn.toFixed(1)} s`,
      convergence,
      [
        `first attempts: ${first.filter((o) => o.outcome === "done").length} answered, ${unanswered.length} cut off`,
        `cut-off decisions found after the restart in: ${[...states].map(([state, n]) => `${state} ×${n}`).join(", ") || "—"}`,
        `${unanswered.length - untaken.length} cut-off decisions already recorded, left to their settlement jobs; ${untaken.length} sent again: ${retried.filter((o) => o.outcome === "done").length} done, ${retried.reduce((n, o) => n + o.attempts, 0)} requests`,
        ...retried.filter((o) => o.outcome !== "done").map((o) => `retry: ${o.detail}`),
      ],
    );
  },
};
