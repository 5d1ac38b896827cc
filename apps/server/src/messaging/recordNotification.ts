import {
  type Executor,
  type Locale,
  type notificationChannels,
  type notificationStatuses,
  notifications,
} from "@entrada/db";
import { and, eq, sql } from "drizzle-orm";

export type RecordNotificationParameters = {
  /** The outbox event that caused it; with `channel` and `to`, at most one notification per event. */
  eventId?: number | undefined;
  userId?: string | undefined;
  channel: (typeof notificationChannels)[number];
  locale: Locale;
  /** Template key, or another name for messages without one. */
  template: string;
  /** E-mail address or phone number. */
  to: string;
  /** E-mail subject; none for SMS. */
  subject?: string | undefined;
  body: string;
};

export type RecordNotificationReturnType = {
  id: string;
  /** `sent`: an earlier attempt sent it already, so it must not be sent again. */
  status: (typeof notificationStatuses)[number];
  /** Whether this call wrote the row (else it existed, from an earlier attempt). */
  created: boolean;
};

/**
 * Writes a notification before it is sent (`queued`), idempotently: for an outbox event, a second
 * call with the same channel and recipient returns the existing row instead of adding one
 * (`notifications_event_key`). Senders skip rows already `sent`, so a retried event never mails twice.
 *
 * @example
 * const row = await recordNotification(db, { eventId, userId, channel: "email", locale, template, to, subject, body });
 * if (row.status !== "sent") await mailer.send({ notificationId: row.id, to, subject, text: body });
 */
export async function recordNotification(
  db: Executor,
  parameters: RecordNotificationParameters,
): Promise<RecordNotificationReturnType> {
  const { eventId, userId, channel, locale, template, to, subject, body } = parameters;
  const [inserted] = await db
    .insert(notifications)
    .values({ eventId, userId, channel, locale, template, to, subject, body, status: "queued" })
    .onConflictDoNothing({ target: [notifications.eventId, notifications.channel, notifications.to] })
    .returning({ id: notifications.id, status: notifications.status });
  if (inserted) return { ...inserted, created: true };
  const [existing] = await db
    .select({ id: notifications.id, status: notifications.status })
    .from(notifications)
    .where(and(eq(notifications.eventId, eventId!), eq(notifications.channel, channel), eq(notifications.to, to)));
  if (!existing) throw new Error("A conflicting notification vanished; retry.");
  return { ...existing, created: false };
}

export type FinishNotificationParameters =
  | { id: string; status: "sent" }
  /** `error` is stored: redact it first (see `redactError`). */
  | { id: string; status: "failed"; error: string };

/**
 * Records how sending a notification went: `sent` (with the time) or `failed` (with the error, and
 * sendable again on the next attempt).
 *
 * @example
 * await finishNotification(db, { id, status: "sent" });
 */
export async function finishNotification(db: Executor, parameters: FinishNotificationParameters): Promise<void> {
  await db
    .update(notifications)
    .set(
      parameters.status === "sent"
        ? { status: "sent", sentAt: sql`now()`, lastError: null }
        : { status: "failed", lastError: parameters.error.slice(0, 2000) },
    )
    .where(eq(notifications.id, parameters.id));
}
