import { type Database, notifications } from "@entrada/db";
import { desc } from "drizzle-orm";
import { z } from "zod";
import { routeSecurity } from "../http/routeSecurity.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const mailboxSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      channel: z.string(),
      locale: z.string(),
      to: z.string(),
      subject: z.string().nullable(),
      body: z.string(),
      status: z.string(),
    }),
  ),
});

/**
 * `GET /dev/mailbox`: the 100 newest e-mails and SMS the development mailbox kept (nothing leaves the
 * machine without `SMTP_URL`), for the web app's mailbox page. Registered by `buildApp` only in
 * development on the local chain: the messages hold every user's e-mail address.
 *
 * @example
 * await api.register(devMailboxRoutes, { db })
 */
export const devMailboxRoutes: ApiPlugin<{ db: Database }> = async (app, { db }) => {
  app.get(
    "/dev/mailbox",
    {
      schema: {
        tags: ["development"],
        operationId: "devMailbox",
        security: routeSecurity.public,
        summary: "Development only: the messages the development mailbox kept, newest first",
        response: { 200: mailboxSchema },
      },
    },
    async () => {
      const rows = await db.select().from(notifications).orderBy(desc(notifications.createdAt)).limit(100);
      return {
        items: rows.map((row) => ({
          id: row.id,
          createdAt: row.createdAt.toISOString(),
          channel: row.channel,
          locale: row.locale,
          to: row.to,
          subject: row.subject,
          body: row.body,
          status: row.status,
        })),
      };
    },
  );
};
