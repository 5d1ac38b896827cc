import {
  claimOutbox,
  completeOutbox,
  type Database,
  failOutbox,
  type OutboxMessage,
  renewOutboxClaim,
} from "@entrada/db";
import type { Logger } from "pino";
import { applicationReferenceOf } from "./applicationReferenceOf.ts";
import type { EventBus } from "./createEventBus.ts";
import type { MailAttachment, Mailer } from "./createMailer.ts";
import type { SmsSender } from "./createSmsSender.ts";
import type { UserLookup } from "./createUserLookup.ts";
import type { WebhookDeliverer } from "./createWebhookDeliverer.ts";
import { readPayloadString } from "./readPayloadString.ts";
import { recordNotification } from "./recordNotification.ts";
import { redactError } from "./redactError.ts";
import { renderMessage, templateKeyFor } from "./renderMessage.ts";
import { travellerToNotify } from "./travellerToNotify.ts";

export type CreateOutboxWorkerParameters = {
  db: Database;
  mailer: Mailer;
  /** SMS to users with a phone number; none without it. */
  sms?: SmsSender | undefined;
  webhooks: WebhookDeliverer;
  /** Contact details and language of the user to notify (see `createUserLookup`). */
  users: UserLookup;
  logger: Logger;
  /** Unique per worker, e.g. `<hostname>:<pid>`: the outbox claim is held in its name. */
  workerId: string;
  /** Base URL of the web app, for links in messages. */
  appUrl?: string | undefined;
  /** When given, `run` wakes as soon as an event is announced instead of at the next poll. */
  bus?: EventBus | undefined;
  /**
   * Work an event calls for before anyone is told of it (the e-visa of an `issued` change, so that the
   * "issued" e-mail and webhook find it), run first and in order. Each must be idempotent: a failure
   * retries the whole event with backoff, and a crash after it runs it again.
   */
  handlers?: readonly ((message: OutboxMessage) => Promise<void>)[] | undefined;
  /**
   * The e-visa PDF of an application, for the "issued" e-mail (`evisa-<reference>.pdf`), rendered at
   * send time from the e-visa record; `undefined` when there is no e-visa. When it is not given, fails
   * or finds none, the e-mail goes without it and sends the traveller to the application page.
   */
  evisaPdf?: ((applicationId: string) => Promise<MailAttachment | undefined>) | undefined;
  /** Most events claimed at once (default 10). */
  batchSize?: number | undefined;
  /**
   * How long a claim lasts (default 30 s). The worker renews it every third of that while it handles
   * the events, so a slow send (SMTP steps time out after 30 s each) never loses it to another
   * worker; a crashed worker's events are taken over once it runs out.
   */
  lockMs?: number | undefined;
  /** Attempts before an event is given up (`failed_at`; default 10, about 8.5 minutes of backoff). */
  maxAttempts?: number | undefined;
  /** Wait between polls when there was nothing to do, in ms (default 1 s). */
  idleMs?: number | undefined;
};

export type ProcessOnceReturnType = {
  /** Events claimed by this pass. */
  claimed: number;
  /** Of which done: messages sent (or not needed) and webhooks scheduled. */
  completed: number;
  /** Of which failed: released for a retry after backoff, or given up. */
  failed: number;
};

export type OutboxWorker = {
  /** Claims a batch of due events and handles each; never throws for one event's failure. */
  processOnce(): Promise<ProcessOnceReturnType>;
  /**
   * Handles events and sends due webhook deliveries until `signal` aborts: at once while there is
   * work, else after `idleMs` or when the bus announces an event.
   */
  run(parameters: { signal: AbortSignal }): Promise<void>;
};

/**
 * The worker of the outbox (docs/architecture.md, "Tell"): claims events with `claimOutbox`
 * (`FOR UPDATE SKIP LOCKED`, so several server processes share the work), schedules their webhooks,
 * e-mails (and texts) the application's owner in their language, then marks the event complete, or
 * failed with backoff (`failOutbox`).
 *
 * Each e-mail goes out once: before sending, the worker records it in `notifications`, unique per
 * (event, channel, recipient); a retried event finds the row `sent` and skips it. What remains is the
 * window between the SMTP server's acceptance and the row's update: a crash there resends once,
 * with the same `Message-ID`.
 *
 * `handlers` run before all that, for work the event calls for that others must find done (the
 * runtime issues the e-visa of an `issued` change there), idempotent and retried with the event.
 *
 * @example
 * const worker = createOutboxWorker({ db, mailer, webhooks, users: createUserLookup({ db }), logger, workerId, bus });
 * const controller = new AbortController();
 * const running = worker.run({ signal: controller.signal });
 * // on shutdown
 * controller.abort();
 * await running;
 */
export function createOutboxWorker(parameters: CreateOutboxWorkerParameters): OutboxWorker {
  const {
    db,
    mailer,
    sms,
    webhooks,
    users,
    logger,
    workerId,
    appUrl,
    bus,
    handlers = [],
    evisaPdf,
    batchSize = 10,
    lockMs = 30_000,
    maxAttempts = 10,
    idleMs = 1000,
  } = parameters;

  /** The e-visa PDF for an "issued" e-mail; `undefined` (and the e-mail goes without) when it cannot be had. */
  async function attachmentFor(message: OutboxMessage): Promise<MailAttachment | undefined> {
    const applicationId = readPayloadString(message.payload, "applicationId");
    if (!evisaPdf || applicationId === undefined || templateKeyFor(message.topic, message.payload) !== "issued") {
      return undefined;
    }
    try {
      const attachment = await evisaPdf(applicationId);
      if (!attachment) logger.warn({ outboxId: message.id }, "no e-visa to attach to the issued e-mail");
      return attachment;
    } catch (error) {
      logger.warn(
        { outboxId: message.id, error: redactError(error) },
        "could not make the e-visa PDF; e-mail without it",
      );
      return undefined;
    }
  }

  async function notify(message: OutboxMessage): Promise<void> {
    const userId = travellerToNotify(message);
    if (userId === undefined) return;
    const recipient = await users(userId);
    if (!recipient) {
      logger.warn({ outboxId: message.id, userId }, "no such user to notify");
      return;
    }
    const attachment = recipient.email ? await attachmentFor(message) : undefined;
    const rendered = renderMessage({
      topic: message.topic,
      payload: message.payload,
      locale: recipient.locale,
      appUrl,
      reference: await applicationReferenceOf(db, message.payload),
      attachment: attachment?.filename,
    });
    const common = { eventId: message.id, userId, locale: recipient.locale, template: rendered.template };
    if (recipient.email) {
      const row = await recordNotification(db, {
        ...common,
        channel: "email",
        to: recipient.email,
        subject: rendered.subject,
        body: rendered.text,
      });
      if (row.status === "sent") {
        logger.info({ outboxId: message.id, notificationId: row.id }, "e-mail already sent; not again");
      } else {
        await mailer.send({
          notificationId: row.id,
          to: recipient.email,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          template: rendered.template,
          ...(attachment ? { attachments: [attachment] } : {}),
        });
      }
    }
    if (sms && recipient.phone) {
      const row = await recordNotification(db, { ...common, channel: "sms", to: recipient.phone, body: rendered.sms });
      if (row.status !== "sent") {
        await sms.send({
          notificationId: row.id,
          to: recipient.phone,
          body: rendered.sms,
          template: rendered.template,
        });
      }
    }
  }

  async function handle(message: OutboxMessage): Promise<"completed" | "failed"> {
    const log = { outboxId: message.id, topic: message.topic, attempt: message.attempts, workerId };
    try {
      for (const handler of handlers) await handler(message);
      // Webhooks first: scheduling them is a local write, and they must not wait for a slow mail server.
      const deliveries = await webhooks.fanOut(message);
      await notify(message);
      if (!(await completeOutbox(db, { id: message.id, workerId }))) {
        logger.warn(log, "outbox claim lost before completion; another worker took the event over");
      } else {
        logger.debug({ ...log, deliveries }, "outbox event handled");
      }
      return "completed";
    } catch (error) {
      const reason = redactError(error);
      const result = await failOutbox(db, { id: message.id, workerId, error: reason, maxAttempts });
      if (result.type === "failed") logger.error({ ...log, error: reason }, "outbox event failed for good");
      else logger.warn({ ...log, error: reason, retry: result.type === "retry" }, "outbox event failed; will retry");
      return "failed";
    }
  }

  async function processOnce(): Promise<ProcessOnceReturnType> {
    const messages = await claimOutbox(db, { limit: batchSize, lockMs, workerId });
    if (messages.length === 0) return { claimed: 0, completed: 0, failed: 0 };
    // Renewed while the batch is handled: the claim stays short for a crashed worker only.
    const pending = new Set(messages.map((message) => message.id));
    const renewal = setInterval(
      () => {
        renewOutboxClaim(db, { ids: [...pending], workerId, lockMs }).catch((error: unknown) =>
          logger.warn({ err: error, workerId }, "could not renew the outbox claim; it may run out"),
        );
      },
      Math.max(Math.floor(lockMs / 3), 1),
    );
    let outcomes: ("completed" | "failed")[];
    try {
      outcomes = await Promise.all(
        messages.map(async (message) => {
          try {
            return await handle(message);
          } finally {
            pending.delete(message.id);
          }
        }),
      );
    } finally {
      clearInterval(renewal);
    }
    return {
      claimed: messages.length,
      completed: outcomes.filter((outcome) => outcome === "completed").length,
      failed: outcomes.filter((outcome) => outcome === "failed").length,
    };
  }

  return {
    processOnce,

    async run({ signal }) {
      let wake: (() => void) | undefined;
      const unsubscribe = await bus?.subscribe(() => wake?.());
      logger.info({ workerId }, "outbox worker started");
      try {
        while (!signal.aborted) {
          let busy = false;
          try {
            const processed = await processOnce();
            const delivered = await webhooks.deliverDue();
            busy = processed.claimed > 0 || delivered.attempted > 0;
          } catch (error) {
            // The database may be restarting: keep going after the idle wait.
            logger.error({ err: error, workerId }, "outbox worker pass failed");
          }
          if (busy || signal.aborted) continue;
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              signal.removeEventListener("abort", done);
              wake = undefined;
              resolve();
            };
            const timer = setTimeout(done, idleMs);
            signal.addEventListener("abort", done);
            wake = done;
          });
        }
      } finally {
        unsubscribe?.();
        logger.info({ workerId }, "outbox worker stopped");
      }
    },
  };
}
