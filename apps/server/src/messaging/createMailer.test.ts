import { notifications } from "@entrada/db";
import { createTestDatabases, resetDatabase, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createMailer } from "./createMailer.ts";
import { MailSendError } from "./errors.ts";
import { recordNotification } from "./recordNotification.ts";
import { createTestLogger } from "./testing/createTestLogger.ts";
import { type SmtpStandIn, startSmtpStandIn } from "./testing/startSmtpStandIn.ts";

const from = "Entrada <no-reply@entrada.example>";
const mail = {
  to: "ana.lopez@example.com",
  subject: "Solicitud 3F2A9C1B aprobada",
  text: "Buenas noticias.\n\n.Una línea que empieza con un punto.",
  html: "<p>Buenas noticias.</p>",
  locale: "es",
  template: "approved",
} as const;

describe.each(createTestDatabases())("createMailer on $name", ({ open }) => {
  let database: TestDatabase;
  let smtp: SmtpStandIn;
  beforeAll(async () => {
    database = await open();
    smtp = await startSmtpStandIn();
  });
  afterAll(async () => {
    await smtp.close();
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database.db);
    smtp.messages.length = 0;
  });

  test("without SMTP, keeps the e-mail in the development mailbox and sends nothing", async () => {
    const { logger, lines } = createTestLogger();
    const mailer = createMailer({ db: database.db, from, logger });
    expect(mailer.transport).toBe("mailbox");
    await mailer.verify();
    const { notificationId, messageId } = await mailer.send(mail);
    expect(messageId).toBe(`<${notificationId}@entrada.example>`);
    const rows = await database.db.select().from(notifications);
    expect(rows).toEqual([
      expect.objectContaining({
        id: notificationId,
        channel: "email",
        status: "sent",
        to: mail.to,
        subject: mail.subject,
        body: mail.text,
        locale: "es",
        template: "approved",
        eventId: null,
        sentAt: expect.any(Date),
      }),
    ]);
    expect(smtp.messages).toEqual([]);
    expect(lines.map((line) => line.msg)).toEqual(["e-mail kept in the development mailbox"]);
    expect(JSON.stringify(lines)).not.toMatch(/ana\.lopez|Buenas|3F2A9C1B/);
  });

  test("marks the row the caller recorded, rather than adding one", async () => {
    const { logger } = createTestLogger();
    const mailer = createMailer({ db: database.db, from, logger });
    const recorded = await recordNotification(database.db, {
      channel: "email",
      locale: "es",
      template: "approved",
      to: mail.to,
      subject: mail.subject,
      body: mail.text,
    });
    expect(recorded).toMatchObject({ status: "queued", created: true });
    await mailer.send({ ...mail, notificationId: recorded.id });
    const rows = await database.db.select({ id: notifications.id, status: notifications.status }).from(notifications);
    expect(rows).toEqual([{ id: recorded.id, status: "sent" }]);
  });

  test("with SMTP, sends through the server with a Message-ID of its notification", async () => {
    const { logger, lines } = createTestLogger();
    const mailer = createMailer({ db: database.db, smtpUrl: smtp.url, from, logger });
    expect(mailer.transport).toBe("smtp");
    await mailer.verify();
    const { notificationId, messageId } = await mailer.send(mail);
    expect(smtp.messages).toHaveLength(1);
    const [received] = smtp.messages;
    expect(received).toMatchObject({ from: "no-reply@entrada.example", to: [mail.to], messageId });
    expect(received!.data).toMatch(/^Subject: Solicitud 3F2A9C1B aprobada$/m);
    expect(received!.data).toContain("multipart/alternative");
    expect(received!.data).toContain("<p>Buenas noticias.</p>");
    // A line starting with a dot survives SMTP's dot-stuffing.
    expect(received!.data).toContain(".Una l=C3=ADnea que empieza con un punto.");
    const [row] = await database.db.select().from(notifications).where(eq(notifications.id, notificationId));
    expect(row).toMatchObject({ status: "sent", channel: "email" });
    expect(lines.map((line) => line.msg)).toEqual(["e-mail sent"]);
    expect(JSON.stringify(lines)).not.toContain("ana.lopez");
    mailer.close();
  });

  test("a refused e-mail is marked failed without the address, and can be sent again", async () => {
    const { logger, lines } = createTestLogger();
    const mailer = createMailer({ db: database.db, smtpUrl: smtp.url, from, logger });
    smtp.failNext(1, `451 4.3.0 <${mail.to}> mailbox busy, try later`);
    const error = await mailer.send(mail).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(MailSendError);
    const { notificationId } = (error as MailSendError).details as { notificationId: string };
    expect((error as MailSendError).details).toEqual({ notificationId, responseCode: 451 });
    const [failed] = await database.db.select().from(notifications).where(eq(notifications.id, notificationId));
    expect(failed).toMatchObject({ status: "failed", sentAt: null });
    expect(failed!.lastError).toContain("The SMTP server did not accept the e-mail.");
    expect(failed!.lastError).not.toContain("ana.lopez");
    expect(smtp.messages).toEqual([]);

    await mailer.send({ ...mail, notificationId });
    expect(smtp.messages.map((message) => message.messageId)).toEqual([`<${notificationId}@entrada.example>`]);
    const [sent] = await database.db.select().from(notifications).where(eq(notifications.id, notificationId));
    expect(sent).toMatchObject({ status: "sent", lastError: null });
    expect(lines.map((line) => line.msg)).toEqual(["SMTP server refused an e-mail", "e-mail sent"]);
    expect(JSON.stringify(lines)).not.toContain("ana.lopez");
    mailer.close();
  });

  test("an unreachable SMTP server fails verify and send", async () => {
    const { logger } = createTestLogger();
    const mailer = createMailer({ db: database.db, smtpUrl: "smtp://127.0.0.1:1", from, logger, timeoutMs: 2000 });
    await expect(mailer.verify()).rejects.toThrow();
    await expect(mailer.send(mail)).rejects.toBeInstanceOf(MailSendError);
    mailer.close();
  });
});
