import type { Executor, Locale } from "@entrada/db";
import type { Logger } from "pino";
import type { SmsProvider } from "./createHttpSmsProvider.ts";
import { deliverNotification } from "./deliverNotification.ts";
import { SmsSendError } from "./errors.ts";

export type CreateSmsSenderParameters = {
  /** Where every SMS is recorded (`notifications`); in development, the mailbox itself. */
  db: Executor;
  /** The provider (see `createHttpSmsProvider`); without one, the development mailbox. */
  provider?: SmsProvider | undefined;
  logger: Logger;
};

/** An SMS to send. */
export type Sms = {
  /** E.164 phone number. */
  to: string;
  body: string;
  /** The `notifications` row recorded for it; without it the sender records one. */
  notificationId?: string | undefined;
  userId?: string | undefined;
  locale?: Locale | undefined;
  template?: string | undefined;
};

export type SmsSender = {
  /** The provider's name, or `mailbox`. */
  transport: string;
  /** Sends (or, in development, keeps) an SMS and marks its notification `sent`; throws {@link SmsSendError}. */
  send(sms: Sms): Promise<{ notificationId: string }>;
};

/**
 * Entrada's SMS sender: through `provider` when there is one, else into the development mailbox
 * (`notifications`, channel `sms`, status `sent`; nothing leaves the machine). Logs never carry the
 * number or the text.
 *
 * @example
 * const sms = createSmsSender({ db, provider: createHttpSmsProvider({ url, token }), logger });
 * await sms.send({ to: "+34600123456", body: "Entrada: Solicitud 3F2A9C1B aprobada", locale: "es", template: "approved" });
 */
export function createSmsSender(parameters: CreateSmsSenderParameters): SmsSender {
  const { db, provider, logger } = parameters;
  return {
    transport: provider?.name ?? "mailbox",
    async send(sms) {
      const notificationId = await deliverNotification(db, {
        notificationId: sms.notificationId,
        record: {
          userId: sms.userId,
          channel: "sms",
          locale: sms.locale ?? "en",
          template: sms.template ?? "custom",
          to: sms.to,
          body: sms.body,
        },
        async transmit(id) {
          if (!provider) {
            logger.info({ notificationId: id, template: sms.template }, "SMS kept in the development mailbox");
            return;
          }
          const started = Date.now();
          try {
            await provider.send({ to: sms.to, body: sms.body, reference: id });
          } catch (error) {
            const status = error instanceof SmsSendError ? error.details.status : undefined;
            logger.warn(
              { notificationId: id, template: sms.template, provider: provider.name, status, ms: Date.now() - started },
              "SMS provider refused a message",
            );
            throw error instanceof SmsSendError ? error : new SmsSendError({ notificationId: id, cause: error });
          }
          logger.info(
            { notificationId: id, template: sms.template, provider: provider.name, ms: Date.now() - started },
            "SMS sent",
          );
        },
      });
      return { notificationId };
    },
  };
}
