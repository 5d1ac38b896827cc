import { setTimeout as sleep } from "node:timers/promises";
import { checkLedger, type TrackedApplication } from "./checkLedger.ts";
import { checkNotifications } from "./checkNotifications.ts";
import type { FaultStack } from "./startFaultStack.ts";

/** The state of a scenario's world at one moment: money and messages. */
export type ConvergenceCheck = {
  /** Every application where it should be, the escrow balanced, every message delivered. */
  settled: boolean;
  paymentsChecked: number;
  unitsLost: bigint;
  duplicates: number;
  redeliveries: number;
  problems: string[];
};

/** What {@link waitForConvergence} returns. */
export type Convergence = {
  converged: boolean;
  /** From `since` to the first check that found everything settled; `null` when none did. */
  secondsToConverge: number | null;
  /** The last check made. */
  check: ConvergenceCheck;
};

/**
 * Checks money ({@link checkLedger}) and messages ({@link checkNotifications}) of the scenario's
 * applications and of the outbox events after `afterEventId`.
 *
 * @example
 * const now = await checkScenario(stack, tracked, afterEventId);
 */
export async function checkScenario(
  stack: FaultStack,
  tracked: readonly TrackedApplication[],
  afterEventId: number,
): Promise<ConvergenceCheck> {
  const ledger = await checkLedger({
    db: stack.db,
    client: stack.node.publicClient,
    deployment: stack.node.deployment,
    tracked,
  });
  const messages = await checkNotifications({
    db: stack.db,
    mail: stack.mail,
    webhooks: { receiver: stack.webhooks, endpointId: stack.endpointId },
    afterEventId,
    applicationIds: tracked.map((application) => application.applicationId),
  });
  return {
    settled: ledger.settled && messages.settled,
    paymentsChecked: ledger.paymentsChecked,
    unitsLost: ledger.unitsLost,
    duplicates: ledger.duplicates + messages.duplicates,
    redeliveries: messages.redeliveries,
    problems: [
      ...ledger.problems,
      ...messages.problems,
      `${messages.events} outbox events, ${messages.emails} e-mails, ${messages.webhooks} webhooks, ${messages.lost} lost`,
    ],
  };
}

/**
 * Runs `check` every `pollMs` until it finds everything settled or `deadline` (epoch ms) passes.
 *
 * @example
 * const { converged, secondsToConverge } = await waitForConvergence(() => checkScenario(stack, tracked, from), { since: injectedAt, deadline: Date.now() + 180_000 });
 */
export async function waitForConvergence(
  check: () => Promise<ConvergenceCheck>,
  { since, deadline, pollMs = 1_000 }: { since: number; deadline: number; pollMs?: number },
): Promise<Convergence> {
  for (;;) {
    let last: ConvergenceCheck;
    try {
      last = await check();
    } catch (error) {
      last = {
        settled: false,
        paymentsChecked: 0,
        unitsLost: 0n,
        duplicates: 0,
        redeliveries: 0,
        problems: [`the check failed: ${error instanceof Error ? error.message : String(error)}`],
      };
    }
    if (last.settled) return { converged: true, secondsToConverge: (Date.now() - since) / 1000, check: last };
    if (Date.now() >= deadline) return { converged: false, secondsToConverge: null, check: last };
    await sleep(pollMs);
  }
}
