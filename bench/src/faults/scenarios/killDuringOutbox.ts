import { lastOutboxId } from "../lastOutboxId.ts";
import { payAndConfirm } from "../payAndConfirm.ts";
import { preparePayments } from "../preparePayments.ts";
import { type Scenario, toResult } from "../Scenario.ts";
import { checkScenario, waitForConvergence } from "../waitForConvergence.ts";
import { waitUntil } from "../waitUntil.ts";

const payments = 16;
/** Each e-mail and webhook takes this long to be accepted, so that deliveries are in flight when the server dies. */
const receiverDelayMs = 1_000;

/**
 * c. SIGKILL in the middle of outbox delivery. Payments are made while the mail server and the
 * webhook receiver answer slowly; once a third of the payment e-mails have arrived, the server is
 * killed (its worker holding claimed events and deliveries in flight) and started again.
 * Converged: every outbox event handled, every e-mail received once per notification (counted by
 * `Message-ID` at the mail server), every webhook received once per event (counted by
 * `Entrada-Event-Id` and `Entrada-Delivery-Id` at the receiver), none missing.
 */
export const killDuringOutbox: Scenario = {
  name: "kill-outbox",
  summary: "SIGKILL the server while e-mails and webhooks are being delivered",
  async run(stack) {
    const prepared = await preparePayments(stack, payments);
    const afterEventId = await lastOutboxId(stack.db);
    const mailsBefore = stack.mail.received.length;
    const webhooksBefore = stack.webhooks.received.length;
    stack.mail.setDelay(receiverDelayMs);
    stack.webhooks.setDelay(receiverDelayMs);
    const server = stack.servers[0]!;
    let injectedAt = 0;
    let mailsAtKill = 0;
    let webhooksAtKill = 0;
    try {
      // Not awaited yet: the kill lands while the payments' messages are going out.
      const paying = payAndConfirm(stack, prepared);
      paying.catch(() => {});
      await waitUntil(
        () => stack.mail.received.length - mailsBefore >= payments / 3,
        120_000,
        "a third of the e-mails",
      );
      injectedAt = Date.now();
      mailsAtKill = stack.mail.received.length - mailsBefore;
      webhooksAtKill = stack.webhooks.received.length - webhooksBefore;
      await server.kill("SIGKILL");
      await server.start();
      await paying;
    } finally {
      stack.mail.setDelay(0);
      stack.webhooks.setDelay(0);
    }
    const restartedIn = (Date.now() - injectedAt) / 1000;
    const tracked = prepared.map((payment) => ({
      applicationId: payment.applicationId,
      onchainId: payment.onchainId,
      expect: "paid" as const,
      total: payment.total,
      platformFee: payment.platformFee,
    }));
    const convergence = await waitForConvergence(() => checkScenario(stack, tracked, afterEventId), {
      since: injectedAt,
      deadline: injectedAt + 600_000,
    });
    return toResult(
      killDuringOutbox.name,
      `SIGKILL after ${mailsAtKill} e-mails and ${webhooksAtKill} webhooks of ${payments} payments had arrived (receivers answering in ${receiverDelayMs} ms); restarted in ${restartedIn.toFixed(1)} s`,
      convergence,
      [],
    );
  },
};
