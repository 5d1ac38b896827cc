import { createHmac, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { type Database, emailVerifications, isUniqueViolation, type Locale, users } from "@entrada/db";
import { and, desc, eq, gt, ne, sql } from "drizzle-orm";
import {
  EmailCodeAttemptsExceededError,
  EmailCodeExpiredError,
  EmailCodeRateLimitedError,
  EmailCodeWrongError,
  EmailTakenError,
} from "../errors/contactEmail.ts";
import { NotFoundError } from "../errors/http.ts";
import type { Mailer } from "../messaging/createMailer.ts";
import { renderEmailCodeMessage } from "../messaging/renderEmailCodeMessage.ts";

/** Parameters of {@link createContactEmailService}. */
export type CreateContactEmailServiceParameters = {
  db: Database;
  /** Sends the code: SMTP, or the development mailbox. */
  mailer: Pick<Mailer, "send">;
  /** Key of the codes' HMAC (the session secret): a leaked table does not give codes away. */
  secret: string;
  clock: () => Date;
};

/** What {@link ContactEmailService.requestCode} did. */
export type RequestEmailCodeReturnType =
  | { status: "sent"; email: string; expiresAt: Date }
  /** The address is the user's notification address already: nothing was sent. */
  | { status: "verified"; email: string };

/** What {@link createContactEmailService} returns. */
export type ContactEmailService = {
  /**
   * E-mails a six-digit code to `email` in the user's language. Throws EmailTakenError when the
   * address is another account's, EmailCodeRateLimitedError when one was sent in the last minute or
   * five in the last hour.
   */
  requestCode(parameters: { userId: string; email: string }): Promise<RequestEmailCodeReturnType>;
  /**
   * Checks the code of the user's newest request for `email`; when it matches, `email` becomes the
   * user's notification address. Throws EmailCodeWrongError, EmailCodeExpiredError,
   * EmailCodeAttemptsExceededError or EmailTakenError.
   */
  confirm(parameters: { userId: string; email: string; code: string }): Promise<{ email: string }>;
  /** The address of the user's newest code that can still be entered, if any (the page asks for it). */
  pendingEmail(userId: string): Promise<string | null>;
};

/** How long a code can be entered. */
export const emailCodeValidMs = 15 * 60_000;
/** Wrong codes a request allows: 5 of 10⁶ possible codes. */
export const emailCodeMaxAttempts = 5;
/** One code a minute per user… */
const resendAfterMs = 60_000;
/** …and five an hour. */
const perHour = 5;
const hourMs = 3_600_000;

/**
 * Proves that a traveller reads an e-mail address before Entrada writes to it: a six-digit code is
 * sent there (in the user's language, through the mailer, so the development mailbox shows it), and
 * entering it makes the address the user's notification address (`users.email`), which the outbox
 * worker mails every change of their applications to. Only an HMAC of the code is stored; a code
 * lives 15 minutes, allows 5 wrong tries, and a newer code replaces it. The user's row is locked
 * while a code is sent or checked, so that concurrent requests cannot slip past the limits.
 *
 * @example
 * const contactEmail = createContactEmailService({ db, mailer, secret: config.sessionSecret, clock });
 * await contactEmail.requestCode({ userId, email: "ana@example.org" }); // { status: "sent", … }
 * await contactEmail.confirm({ userId, email: "ana@example.org", code: "042917" }); // { email: "ana@example.org" }
 */
export function createContactEmailService(parameters: CreateContactEmailServiceParameters): ContactEmailService {
  const { db, mailer, secret, clock } = parameters;
  const hashCode = (id: string, code: string) => createHmac("sha256", secret).update(`${id}:${code}`).digest("hex");

  return {
    async requestCode({ userId, email }) {
      const now = clock();
      const prepared = await db.transaction(async (tx) => {
        const [user] = await tx
          .select({ email: users.email, locale: users.locale })
          .from(users)
          .where(eq(users.id, userId))
          .for("update");
        if (!user) throw new NotFoundError({ resource: "user" });
        if (user.email === email) return { status: "verified" as const, email };
        const [owner] = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.email, email), ne(users.id, userId)));
        if (owner) throw new EmailTakenError();
        const recent = await tx
          .select({ createdAt: emailVerifications.createdAt })
          .from(emailVerifications)
          .where(
            and(
              eq(emailVerifications.userId, userId),
              gt(emailVerifications.createdAt, new Date(now.getTime() - hourMs)),
            ),
          )
          .orderBy(desc(emailVerifications.createdAt));
        const newest = recent[0]?.createdAt.getTime();
        if (newest !== undefined && now.getTime() - newest < resendAfterMs)
          throw new EmailCodeRateLimitedError({
            retryAfterSeconds: secondsUntil(newest + resendAfterMs, now),
            scope: "resend",
          });
        if (recent.length >= perHour)
          throw new EmailCodeRateLimitedError({
            retryAfterSeconds: secondsUntil(recent[perHour - 1]!.createdAt.getTime() + hourMs, now),
            scope: "hour",
          });
        const id = randomUUID();
        const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
        const expiresAt = new Date(now.getTime() + emailCodeValidMs);
        await tx
          .insert(emailVerifications)
          .values({ id, userId, email, codeHash: hashCode(id, code), expiresAt, createdAt: now });
        return { status: "sent" as const, email, expiresAt, code, locale: user.locale };
      });
      if (prepared.status === "verified") return prepared;
      // Sent after the row is committed: a code that arrives can always be entered.
      await mailer.send({
        to: email,
        userId,
        locale: prepared.locale,
        template: "email_code",
        ...codeMail(prepared.code, prepared.locale),
      });
      return { status: "sent", email, expiresAt: prepared.expiresAt };
    },

    async confirm({ userId, email, code }) {
      const now = clock();
      // A wrong code must count even though it is refused: the outcome is returned, thrown after commit.
      const outcome = await db.transaction(async (tx) => {
        await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
        const [request] = await tx
          .select()
          .from(emailVerifications)
          .where(eq(emailVerifications.userId, userId))
          .orderBy(desc(emailVerifications.createdAt))
          .limit(1);
        if (!request || request.email !== email || request.verifiedAt !== null || request.expiresAt <= now)
          return new EmailCodeExpiredError();
        if (request.attempts >= emailCodeMaxAttempts)
          return new EmailCodeAttemptsExceededError({ maxAttempts: emailCodeMaxAttempts });
        const expected = Buffer.from(request.codeHash, "hex");
        const given = Buffer.from(hashCode(request.id, code), "hex");
        if (!timingSafeEqual(expected, given)) {
          await tx
            .update(emailVerifications)
            .set({ attempts: sql`${emailVerifications.attempts} + 1` })
            .where(eq(emailVerifications.id, request.id));
          const attemptsLeft = emailCodeMaxAttempts - request.attempts - 1;
          return attemptsLeft > 0
            ? new EmailCodeWrongError({ attemptsLeft })
            : new EmailCodeAttemptsExceededError({ maxAttempts: emailCodeMaxAttempts });
        }
        await tx.update(emailVerifications).set({ verifiedAt: now }).where(eq(emailVerifications.id, request.id));
        try {
          // A savepoint: the unique index refuses an address another account took meanwhile.
          await tx.transaction((inner) =>
            inner.update(users).set({ email, updatedAt: now }).where(eq(users.id, userId)),
          );
        } catch (error) {
          if (isUniqueViolation(error)) return new EmailTakenError();
          throw error;
        }
        return undefined;
      });
      if (outcome !== undefined) throw outcome;
      return { email };
    },

    async pendingEmail(userId) {
      const [request] = await db
        .select()
        .from(emailVerifications)
        .where(eq(emailVerifications.userId, userId))
        .orderBy(desc(emailVerifications.createdAt))
        .limit(1);
      const now = clock();
      const live =
        request !== undefined &&
        request.verifiedAt === null &&
        request.expiresAt > now &&
        request.attempts < emailCodeMaxAttempts;
      return live ? request.email : null;
    },
  };
}

function codeMail(code: string, locale: Locale) {
  return renderEmailCodeMessage({ code, validMinutes: emailCodeValidMs / 60_000, locale });
}

function secondsUntil(at: number, now: Date): number {
  return Math.max(1, Math.ceil((at - now.getTime()) / 1000));
}
