import type { TrackedApplication } from "./checkLedger.ts";
import type { ClientOutcome } from "./classifyAnswer.ts";
import { payAndConfirm } from "./payAndConfirm.ts";
import { postAuthorization } from "./postAuthorization.ts";
import { type Decision, postDecision } from "./postDecision.ts";
import { preparePayments } from "./preparePayments.ts";
import { runStaggered, type Staggered } from "./runStaggered.ts";
import type { FaultStack } from "./startFaultStack.ts";

/** Payments and settlements ready to be sent while a fault is injected. */
export type MixedWorkload = {
  /** Every application of the workload, with where it must end. */
  tracked: TrackedApplication[];
  /**
   * Starts every client, interleaved (a payment, a decision, …) `staggerMs` apart; each retries
   * until a final answer or `deadline`, as patient clients do through an outage.
   */
  start(parameters: { deadline: number; staggerMs: number }): Staggered<ClientOutcome>;
};

/**
 * `payments` applications quoted and signed but not paid, and `settlements` applications paid and
 * confirmed, to be approved or rejected (alternately): the workload scenarios run while a
 * dependency (the chain's RPC, the database) goes away.
 *
 * @example
 * const workload = await prepareMixedWorkload(stack, { payments: 12, settlements: 8 });
 * const clients = workload.start({ deadline: Date.now() + 300_000, staggerMs: 100 });
 */
export async function prepareMixedWorkload(
  stack: FaultStack,
  { payments, settlements }: { payments: number; settlements: number },
): Promise<MixedWorkload> {
  const toPay = await preparePayments(stack, payments);
  const toSettle = await payAndConfirm(stack, await preparePayments(stack, settlements));
  const decisions: Decision[] = toSettle.map((_, i) => (i % 2 === 0 ? "approve" : "reject"));
  const tracked: TrackedApplication[] = [
    ...toPay.map((payment) => ({ ...pick(payment), expect: "paid" as const })),
    ...toSettle.map((payment, i) => ({
      ...pick(payment),
      expect: decisions[i] === "approve" ? ("issued" as const) : ("refunded" as const),
    })),
  ];
  return {
    tracked,
    start({ deadline, staggerMs }) {
      const pay = toPay.map((payment) => () => postAuthorization(stack.url, payment, { deadline }));
      const decide = toSettle.map(
        (payment, i) => () =>
          postDecision(stack.url, stack.officer, payment.applicationId, decisions[i]!, { deadline }),
      );
      const tasks: (() => Promise<ClientOutcome>)[] = [];
      for (let i = 0; i < Math.max(pay.length, decide.length); i += 1) {
        if (pay[i]) tasks.push(pay[i]!);
        if (decide[i]) tasks.push(decide[i]!);
      }
      return runStaggered(tasks, staggerMs);
    },
  };
}

function pick(payment: { applicationId: string; onchainId: `0x${string}`; total: bigint; platformFee: bigint }) {
  return {
    applicationId: payment.applicationId,
    onchainId: payment.onchainId,
    total: payment.total,
    platformFee: payment.platformFee,
  };
}
