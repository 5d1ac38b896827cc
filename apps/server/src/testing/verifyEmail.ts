import { type Database, notifications } from "@entrada/db";
import { and, desc, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { TestUser } from "./signIn.ts";

/**
 * The code of the newest verification e-mail sent to `email`, read from the development mailbox
 * (the `notifications` table), as the traveller would read it from their inbox.
 *
 * @example
 * const code = await readEmailCode(db, "ana@example.org"); // "042917"
 */
export async function readEmailCode(db: Database, email: string): Promise<string> {
  const [mail] = await db
    .select({ subject: notifications.subject })
    .from(notifications)
    .where(and(eq(notifications.to, email), eq(notifications.template, "email_code")))
    .orderBy(desc(notifications.createdAt))
    .limit(1);
  const code = mail?.subject?.match(/\d{6}/)?.[0];
  if (code === undefined) throw new Error(`readEmailCode: no code was sent to ${email}`);
  return code;
}

/**
 * Makes `email` the user's notification address the way a traveller does: asks for a code, reads
 * it from the mailbox, enters it.
 *
 * @example
 * await verifyEmail(app, db, ana, "ana@example.org");
 */
export async function verifyEmail(app: FastifyInstance, db: Database, user: TestUser, email: string): Promise<void> {
  const sent = await app.inject({
    method: "POST",
    url: "/api/v1/me/email/verification",
    headers: user.headers,
    payload: { email },
  });
  if (sent.statusCode !== 200)
    throw new Error(`verifyEmail: sending the code answered ${sent.statusCode} ${sent.body}`);
  const confirmed = await app.inject({
    method: "POST",
    url: "/api/v1/me/email/verification/confirm",
    headers: user.headers,
    payload: { email, code: await readEmailCode(db, email) },
  });
  if (confirmed.statusCode !== 200)
    throw new Error(`verifyEmail: the code answered ${confirmed.statusCode} ${confirmed.body}`);
}
