import { BaseError } from "@entrada/core";

/**
 * The SMTP server did not take an e-mail. The message names neither the recipient nor the server's
 * words, which may echo the address; `cause` has them, for whoever debugs locally.
 *
 * @example
 * await mailer.send(mail); // throws MailSendError when the server answers 451
 */
export class MailSendError extends BaseError {
  override name = "MailSendError" as const;
  constructor({
    notificationId,
    responseCode,
    cause,
  }: { notificationId: string; responseCode?: number | undefined; cause: unknown }) {
    super("The SMTP server did not accept the e-mail.", {
      details: { notificationId, ...(responseCode === undefined ? {} : { responseCode }) },
      cause,
    });
  }
}

/**
 * The SMS provider refused a message or did not answer in time.
 *
 * @example
 * await sms.send(message); // throws SmsSendError when the provider answers 500
 */
export class SmsSendError extends BaseError {
  override name = "SmsSendError" as const;
  constructor({
    notificationId,
    status,
    cause,
  }: { notificationId: string; status?: number | undefined; cause?: unknown }) {
    super(status === undefined ? "The SMS provider could not be reached." : `The SMS provider answered ${status}.`, {
      details: { notificationId, ...(status === undefined ? {} : { status }) },
      cause,
    });
  }
}
