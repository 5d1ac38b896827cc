import type { WebhookDeliverer } from "../../messaging/createWebhookDeliverer.ts";
import type { Metrics } from "../createMetrics.ts";
import type { SupervisedLoop } from "../createSupervisor.ts";

/** Parameters of {@link createWebhookLoop}. */
export type CreateWebhookLoopParameters = {
  webhooks: Pick<WebhookDeliverer, "deliverDue">;
  intervalMs: number;
  metrics: Metrics;
};

/**
 * Webhook deliveries as a supervised loop (`webhooks`): each tick sends the due deliveries
 * (`deliverDue`, which records a receiver's failure on the delivery and never throws for it) and
 * goes on at once while there were some; failed attempts count in
 * `entrada_webhook_delivery_failures_total`. The outbox loop wakes it when it schedules new ones.
 *
 * @example
 * supervisor.start(createWebhookLoop({ webhooks, intervalMs: 1_000, metrics }));
 */
export function createWebhookLoop({ webhooks, intervalMs, metrics }: CreateWebhookLoopParameters): SupervisedLoop {
  return {
    name: "webhooks",
    intervalMs,
    async tick() {
      const result = await webhooks.deliverDue();
      metrics.countWebhookFailures(result);
      return { busy: result.attempted > 0 };
    },
  };
}
