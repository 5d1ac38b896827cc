import { applications, type Database, outbox } from "@entrada/db";
import { eq } from "drizzle-orm";
import type { EventBus } from "../messaging/createEventBus.ts";

/** What {@link logNotableEvents} logs with; a pino logger fits. */
export type NotableEventLogger = { info(object: Record<string, unknown>, message: string): void };

/** Parameters of {@link logNotableEvents}. */
export type LogNotableEventsParameters = {
  db: Database;
  bus: EventBus;
  logger: NotableEventLogger;
};

/** The one-line description of an application's new state, for those worth a line. */
const describeState: Partial<Record<string, (reference: string) => string>> = {
  paid: (reference) => `payment seen: ${reference} is paid into the escrow`,
  approved: (reference) => `decision: ${reference} approved; releasing the fee to the authority`,
  rejected: (reference) => `decision: ${reference} rejected; refunding the traveller`,
  needs_info: (reference) => `decision: ${reference} needs more information from the traveller`,
  issued: (reference) => `settlement: ${reference}'s fee released to the authority; visa issued`,
  refunded: (reference) => `settlement: ${reference} refunded to the payer`,
  expired: (reference) => `${reference} expired unpaid`,
};

/**
 * Logs one `info` line with an `event` field for each notable domain event, as the outbox announces
 * it on the bus: a payment seen, an officer's decision, a settlement on chain. Development's readable
 * log shows exactly these lines (and e-mails, the chain's reset, warnings); the JSON log has them
 * too. Names the application by its short reference, never by personal data. Resolves to the
 * function that stops it.
 *
 * @example
 * const stop = await logNotableEvents({ db, bus, logger });
 */
export async function logNotableEvents({ db, bus, logger }: LogNotableEventsParameters): Promise<() => void> {
  return bus.subscribe((id) => {
    void describe(id).then(
      (entry) => entry && logger.info(entry.fields, entry.message),
      // A line not logged is no reason to disturb anything else.
      () => undefined,
    );
  });

  async function describe(id: number): Promise<{ fields: Record<string, unknown>; message: string } | undefined> {
    const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
    if (row === undefined || row.topic !== "application.state_changed") return undefined;
    const payload = row.payload as { applicationId?: string; to?: string; from?: string; txHash?: string };
    const describeTo = payload.to === undefined ? undefined : describeState[payload.to];
    if (describeTo === undefined || payload.applicationId === undefined) return undefined;
    const [application] = await db
      .select({ reference: applications.reference })
      .from(applications)
      .where(eq(applications.id, payload.applicationId));
    const reference = application?.reference ?? payload.applicationId;
    return {
      fields: {
        event: `application.${payload.to}`,
        applicationId: payload.applicationId,
        reference,
        from: payload.from,
        ...(payload.txHash === undefined ? {} : { txHash: payload.txHash }),
      },
      message: describeTo(reference),
    };
  }
}
