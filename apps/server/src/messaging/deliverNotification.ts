import type { Executor } from "@entrada/db";
import { recordAfterSend } from "./recordAfterSend.ts";
import { finishNotification, type RecordNotificationParameters, recordNotification } from "./recordNotification.ts";
import { redactError } from "./redactError.ts";

export type DeliverNotificationParameters = {
  /** The row the caller recorded already (the outbox worker does, before sending); else one is written. */
  notificationId?: string | undefined;
  /** What to record when there is no `notificationId`. */
  record: RecordNotificationParameters;
  /** Hands the message over (SMTP, SMS provider), or does nothing for the development mailbox. */
  transmit: (notificationId: string) => Promise<void>;
};

/**
 * The one way a notification leaves: recorded in `notifications`, transmitted, then marked `sent`
 * (tried again for a while if the database is away: {@link recordAfterSend}) or `failed` (with a
 * redacted error) before the error is rethrown. The development mailbox is the
 * same path with a transmit that does nothing.
 *
 * @example
 * const id = await deliverNotification(db, { record, transmit: (id) => smtp.sendMail({ …, messageId: `<${id}@entrada>` }) });
 */
export async function deliverNotification(db: Executor, parameters: DeliverNotificationParameters): Promise<string> {
  const { record, transmit } = parameters;
  const id = parameters.notificationId ?? (await recordNotification(db, record)).id;
  try {
    await transmit(id);
  } catch (error) {
    await finishNotification(db, { id, status: "failed", error: redactError(error) });
    throw error;
  }
  // Sent: a database away for a moment must not leave it unsent, to be sent again by a retry. Not
  // longer than the outbox worker's claim (30 s), after which another worker may take the event.
  await recordAfterSend(() => finishNotification(db, { id, status: "sent" }), {
    what: "notification sent",
    forMs: 25_000,
  });
  return id;
}
