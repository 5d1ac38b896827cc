import type { Executor, Locale } from "@entrada/db";
import { createTransport } from "nodemailer";
import type { Logger } from "pino";
import { deliverNotification } from "./deliverNotification.ts";
import { MailSendError } from "./errors.ts";

export type CreateMailerParameters = {
  /** Where every e-mail is recorded (`notifications`); in development, the mailbox itself. */
  db: Executor;
  /**
   * SMTP server (`SMTP_URL`), e.g. `smtps://user:pass@smtp.example.com:465` or
   * `smtp://127.0.0.1:2525`. Unset: the development mailbox, and nothing leaves the machine.
   */
  smtpUrl?: string | undefined;
  /** Sender, e.g. `Entrada <no-reply@entrada.example>`. */
  from: string;
  logger: Pick<Logger, "info" | "warn">;
  /** Longest wait for each SMTP step (connect, greeting, each command), in ms (default 30 s). */
  timeoutMs?: number | undefined;
};

/** A file sent with an e-mail, e.g. the e-visa PDF of the "issued" e-mail. */
export type MailAttachment = {
  /** The name the recipient sees, e.g. `evisa-ENT-7K3Q-9XPA.pdf`. */
  filename: string;
  /** MIME type, e.g. `application/pdf`. */
  contentType: string;
  content: Uint8Array;
};

/** An e-mail to send. */
export type Mail = {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  /**
   * Files sent with it (SMTP: MIME parts, base64). The development mailbox keeps their names only
   * (logged), not their content: the e-visa PDF stays downloadable from the application page.
   */
  attachments?: readonly MailAttachment[] | undefined;
  /**
   * The `notifications` row recorded for it (the outbox worker records one before sending, so that a
   * retry does not send twice). Without it the mailer records one.
   */
  notificationId?: string | undefined;
  /** For the record the mailer writes when there is no `notificationId`. */
  userId?: string | undefined;
  locale?: Locale | undefined;
  template?: string | undefined;
};

export type SendMailReturnType = {
  notificationId: string;
  /** The `Message-ID` header: derived from the notification, so a resent copy is recognisably the same. */
  messageId: string;
};

export type Mailer = {
  /** `smtp` when `smtpUrl` is set, else `mailbox`. */
  transport: "smtp" | "mailbox";
  /** Sends (or, in development, keeps) an e-mail and marks its notification `sent`; throws {@link MailSendError}. */
  send(mail: Mail): Promise<SendMailReturnType>;
  /** Checks that the SMTP server answers and accepts the credentials; a no-op for the mailbox. */
  verify(): Promise<void>;
  /** Closes pooled SMTP connections. */
  close(): void;
};

/**
 * Entrada's e-mail sender. With `smtpUrl` it sends through that server (nodemailer); without it,
 * the development mailbox: the e-mail is stored in `notifications` (channel `email`, status `sent`)
 * for the dev mailbox page to show, and nothing leaves the machine. Either way every e-mail is a
 * `notifications` row. Logs name the notification and template, never the address or the text.
 *
 * @example
 * const mailer = createMailer({ db, smtpUrl: config.SMTP_URL, from: "Entrada <no-reply@entrada.example>", logger });
 * await mailer.send({ to: "ana@example.com", subject: "Hello", text: "Hello", locale: "en", template: "welcome" });
 */
export function createMailer(parameters: CreateMailerParameters): Mailer {
  const { db, smtpUrl, from, logger, timeoutMs = 30_000 } = parameters;
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "entrada.invalid";
  const transporter = smtpUrl
    ? createTransport({
        url: smtpUrl,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      })
    : undefined;

  return {
    transport: transporter ? "smtp" : "mailbox",

    async send(mail) {
      let messageId = "";
      const notificationId = await deliverNotification(db, {
        notificationId: mail.notificationId,
        record: {
          userId: mail.userId,
          channel: "email",
          locale: mail.locale ?? "en",
          template: mail.template ?? "custom",
          to: mail.to,
          subject: mail.subject,
          body: mail.text,
        },
        async transmit(id) {
          messageId = `<${id}@${domain}>`;
          if (!transporter) {
            logger.info(
              {
                notificationId: id,
                template: mail.template,
                attachments: mail.attachments?.map((file) => file.filename),
              },
              "e-mail kept in the development mailbox",
            );
            return;
          }
          const started = Date.now();
          try {
            await transporter.sendMail({
              from,
              to: mail.to,
              subject: mail.subject,
              text: mail.text,
              ...(mail.html === undefined ? {} : { html: mail.html }),
              ...(mail.attachments === undefined
                ? {}
                : {
                    attachments: mail.attachments.map((file) => ({
                      filename: file.filename,
                      contentType: file.contentType,
                      content: Buffer.from(file.content),
                    })),
                  }),
              messageId,
            });
          } catch (error) {
            const responseCode = (error as { responseCode?: unknown }).responseCode;
            logger.warn(
              { notificationId: id, template: mail.template, responseCode, ms: Date.now() - started },
              "SMTP server refused an e-mail",
            );
            throw new MailSendError({
              notificationId: id,
              responseCode: typeof responseCode === "number" ? responseCode : undefined,
              cause: error,
            });
          }
          logger.info({ notificationId: id, template: mail.template, ms: Date.now() - started }, "e-mail sent");
        },
      });
      return { notificationId, messageId };
    },

    async verify() {
      await transporter?.verify();
    },

    close() {
      transporter?.close();
    },
  };
}
