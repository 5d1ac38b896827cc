import { bigint, check, index, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, isOneOf, timestamptz } from "./columns.ts";
import { outbox } from "./outbox.ts";
import { locales, users } from "./users.ts";

/** How a notification reaches its recipient. */
export const notificationChannels = ["email", "sms"] as const;
/** Where a notification stands. */
export const notificationStatuses = ["queued", "sent", "failed"] as const;

/**
 * E-mails and SMS, rendered in the recipient's language. The development mailbox shows this table;
 * at most one notification per outbox event, channel and recipient.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").references(() => users.id),
    /** The outbox event that caused it, if any. */
    eventId: bigint("event_id", { mode: "number" }).references(() => outbox.id, { onDelete: "set null" }),
    channel: text("channel", { enum: notificationChannels }).notNull(),
    locale: text("locale", { enum: locales }).notNull(),
    template: text("template").notNull(),
    /** E-mail address or phone number. */
    to: text("to").notNull(),
    /** E-mail subject; `null` for SMS. */
    subject: text("subject"),
    body: text("body").notNull(),
    status: text("status", { enum: notificationStatuses }).notNull().default("queued"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: timestamptz("sent_at"),
  },
  (t) => [
    unique("notifications_event_key").on(t.eventId, t.channel, t.to),
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_created_idx").on(t.createdAt),
    check("notifications_channel_check", isOneOf(t.channel, notificationChannels)),
    check("notifications_locale_check", isOneOf(t.locale, locales)),
    check("notifications_status_check", isOneOf(t.status, notificationStatuses)),
  ],
);
