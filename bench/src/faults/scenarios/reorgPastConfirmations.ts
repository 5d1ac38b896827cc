import { lastOutboxId } from "../lastOutboxId.ts";
import { payAndConfirm } from "../payAndConfirm.ts";
import { preparePayments } from "../preparePayments.ts";
import { type Scenario, toResult } from "../Scenario.ts";
import { checkScenario, waitForConvergence } from "../waitForConvergence.ts";

const payments = 8;
/** Blocks mined on top of the payments before the reorg: deeper than the servers' confirmation depth (1). */
const blocksOnTop = 3;

/**
 * f. A reorganisation deeper than the confirmation depth, within the indexer's window (256 blocks).
 * With automining only, payments are made after an `evm_snapshot`, buried under a few blocks and
 * confirmed (`paid`); then `evm_revert` drops them all and a longer history without them is mined
 * at once, as a fork would. Converged means: the indexer rolled the payments back (payment
 * `reorged`, the application back to `payment_pending`, its quote open again) and the relayer, whose
 * transactions are gone, sent them again, so that every application is `paid` once more with one
 * `EscrowPaid` on the surviving chain; the escrow balanced; each `payment.confirmed`,
 * `payment.reorged` and state change delivered once.
 */
export const reorgPastConfirmations: Scenario = {
  name: "reorg",
  summary: "a reorg deeper than the confirmation depth drops confirmed payments",
  async run(stack) {
    const { node } = stack;
    const prepared = await preparePayments(stack, payments);
    const afterEventId = await lastOutboxId(stack.db);
    // Blocks only when transactions come, so that the two histories are the suite's to shape.
    await node.setIntervalMining(0);
    try {
      const snapshot = await node.testClient.snapshot();
      const forkBlock = await node.publicClient.getBlockNumber();
      await payAndConfirm(stack, prepared);
      await node.testClient.mine({ blocks: blocksOnTop });
      const oldHead = await node.publicClient.getBlockNumber();
      const injectedAt = Date.now();
      await node.testClient.revert({ id: snapshot });
      // The other history: longer than the one it replaces, without the payments.
      await node.testClient.mine({ blocks: Number(oldHead - forkBlock) + 2 });
      const newHead = await node.publicClient.getBlockNumber();
      await node.setIntervalMining(1_000);
      const tracked = prepared.map((payment) => ({
        applicationId: payment.applicationId,
        onchainId: payment.onchainId,
        expect: "paid" as const,
        total: payment.total,
        platformFee: payment.platformFee,
      }));
      const convergence = await waitForConvergence(() => checkScenario(stack, tracked, afterEventId), {
        since: injectedAt,
        deadline: injectedAt + 300_000,
      });
      return toResult(
        reorgPastConfirmations.name,
        `evm_revert to block ${forkBlock} dropped ${oldHead - forkBlock} blocks (${payments} confirmed payments, confirmation depth 1); ${newHead - forkBlock} empty blocks mined instead`,
        convergence,
        [],
      );
    } finally {
      await node.setIntervalMining(1_000);
    }
  },
};
