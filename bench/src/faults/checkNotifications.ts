import { type Database, notifications, outbox, webhookDeliveries } from "@entrada/db";
import { and, eq, gt } from "drizzle-orm";
import type { MailReceiver } from "./startMailReceiver.ts";
import type { WebhookReceiver } from "./startWebhookReceiver.ts";

/** What {@link checkNotifications} found. */
export type NotificationReport = {
  /** Every outbox event handled, every e-mail and webhook delivered, none missing. */
  settled: boolean;
  /** Outbox events of the scenario. */
  events: number;
  emails: number;
  webhooks: number;
  /** E-mails or webhooks never delivered (given up, or recorded sent but never received). */
  lost: number;
  /**
   * Second messages for one notification: another e-mail (another `Message-ID`) or another webhook
   * delivery (another `Entrada-Delivery-Id`) for the same event and recipient.
   */
  duplicates: number;
  /**
   * The same message received again (same `Message-ID`, or same delivery id): the window between the
   * receiver's acceptance and the sender's record, which a crash can hit. Receivers deduplicate these.
   */
  redeliveries: number;
  problems: string[];
};

/** The notification id in `<id@domain>`, the `Message-ID` the mailer derives from it. */
const notificationIdOf = (messageId: string | undefined) => /^<([^@>]+)@/.exec(messageId ?? "")?.[1];

/**
 * Checks, for the outbox events after `afterEventId`: every event handled (none pending or given
 * up), each recorded e-mail sent and received by the mail receiver exactly once, each webhook
 * delivery to the suite's endpoint (when given) delivered and received exactly once, and each
 * `payment.confirmed` of the given applications announced once, e-mailed and delivered as a webhook.
 *
 * @example
 * const report = await checkNotifications({ db, mail, webhooks: { receiver, endpointId }, afterEventId, applicationIds });
 */
export async function checkNotifications(parameters: {
  db: Database;
  mail: MailReceiver;
  /** The webhook receiver and its endpoint; without them only e-mails are checked. */
  webhooks?: { receiver: WebhookReceiver; endpointId: string } | undefined;
  afterEventId: number;
  applicationIds: readonly string[];
}): Promise<NotificationReport> {
  const { db, mail, webhooks, afterEventId } = parameters;
  const problems: string[] = [];
  let settled = true;
  let lost = 0;
  let duplicates = 0;
  let redeliveries = 0;

  const events = await db.select().from(outbox).where(gt(outbox.id, afterEventId));
  const open = events.filter((event) => event.processedAt === null && event.failedAt === null);
  const failed = events.filter((event) => event.failedAt !== null);
  if (open.length > 0) {
    settled = false;
    problems.push(`${open.length} outbox events not handled yet (first ${open[0]!.id}, ${open[0]!.topic})`);
  }
  if (failed.length > 0) {
    lost += failed.length;
    problems.push(`${failed.length} outbox events given up (first ${failed[0]!.id}: ${failed[0]!.lastError})`);
  }

  // E-mails: one row per (event, channel, recipient); each received once under its own Message-ID.
  const emails = (await db.select().from(notifications).where(gt(notifications.eventId, afterEventId))).filter(
    (row) => row.channel === "email",
  );
  const received = new Map<string, number>();
  for (const message of mail.received) {
    const id = notificationIdOf(message.messageId);
    if (id !== undefined) received.set(id, (received.get(id) ?? 0) + 1);
  }
  for (const row of emails) {
    const count = received.get(row.id) ?? 0;
    if (row.status !== "sent") {
      settled = false;
      problems.push(`e-mail ${row.id.slice(0, 8)} of event ${row.eventId} is ${row.status}`);
    }
    if (count === 0 && row.status === "sent") {
      lost += 1;
      problems.push(`e-mail ${row.id.slice(0, 8)} of event ${row.eventId} recorded sent, never received`);
    }
    if (count > 1) {
      redeliveries += count - 1;
      problems.push(`e-mail ${row.id.slice(0, 8)} of event ${row.eventId} received ${count} times`);
    }
  }
  const perRecipient = new Map<string, number>();
  for (const row of emails)
    perRecipient.set(`${row.eventId}:${row.to}`, (perRecipient.get(`${row.eventId}:${row.to}`) ?? 0) + 1);
  for (const [key, count] of perRecipient) {
    if (count > 1) {
      duplicates += count - 1;
      problems.push(`event:recipient ${key} has ${count} e-mails`);
    }
  }

  // Webhooks to the suite's endpoint: one delivery row per event, received once under its delivery id.
  const deliveries =
    webhooks === undefined
      ? []
      : await db
          .select()
          .from(webhookDeliveries)
          .where(
            and(eq(webhookDeliveries.endpointId, webhooks.endpointId), gt(webhookDeliveries.eventId, afterEventId)),
          );
  const arrivals = new Map<string, { deliveryIds: Map<string, number>; signed: boolean }>();
  for (const webhook of webhooks?.receiver.received ?? []) {
    if (Number(webhook.eventId) <= afterEventId) continue;
    const entry = arrivals.get(webhook.eventId) ?? { deliveryIds: new Map(), signed: true };
    entry.deliveryIds.set(webhook.deliveryId, (entry.deliveryIds.get(webhook.deliveryId) ?? 0) + 1);
    entry.signed &&= webhook.signatureValid;
    arrivals.set(webhook.eventId, entry);
  }
  for (const delivery of deliveries) {
    const arrived = arrivals.get(String(delivery.eventId));
    if (delivery.status !== "delivered") {
      if (delivery.status === "failed") lost += 1;
      else settled = false;
      problems.push(`webhook of event ${delivery.eventId} is ${delivery.status} after ${delivery.attempts} attempts`);
    } else if (arrived === undefined) {
      lost += 1;
      problems.push(`webhook of event ${delivery.eventId} recorded delivered, never received`);
    }
  }
  for (const [eventId, arrived] of arrivals) {
    if (!arrived.signed) problems.push(`webhook of event ${eventId} arrived with a bad signature`);
    if (arrived.deliveryIds.size > 1) {
      duplicates += arrived.deliveryIds.size - 1;
      problems.push(`event ${eventId} arrived under ${arrived.deliveryIds.size} delivery ids`);
    }
    for (const count of arrived.deliveryIds.values()) {
      if (count > 1) {
        redeliveries += count - 1;
        problems.push(`webhook of event ${eventId} received ${count} times`);
      }
    }
  }

  // Completeness: each payment of the scenario was both e-mailed and delivered to the authority, and
  // announced once (again only after a reorg took it back).
  const ids = new Set(parameters.applicationIds);
  for (const id of ids) {
    const count = (topic: string) => events.filter((event) => event.aggregateId === id && event.topic === topic).length;
    const extra = count("payment.confirmed") - count("payment.reorged") - 1;
    if (extra > 0) {
      duplicates += extra;
      problems.push(`${id.slice(0, 8)}: payment.confirmed announced ${extra + 1} times`);
    }
  }
  for (const event of events) {
    if (event.topic !== "payment.confirmed" || !ids.has(event.aggregateId)) continue;
    if (!emails.some((row) => row.eventId === event.id)) {
      settled = false;
      problems.push(`payment.confirmed ${event.id} of ${event.aggregateId.slice(0, 8)}: no e-mail`);
    }
    if (webhooks !== undefined && !deliveries.some((delivery) => delivery.eventId === event.id)) {
      settled = false;
      problems.push(`payment.confirmed ${event.id} of ${event.aggregateId.slice(0, 8)}: no webhook`);
    }
  }
  return {
    settled,
    events: events.length,
    emails: emails.length,
    webhooks: deliveries.length,
    lost,
    duplicates,
    redeliveries,
    problems,
  };
}
