import { applications, type Executor, type Json } from "@entrada/db";
import { eq } from "drizzle-orm";
import { readPayloadString } from "./readPayloadString.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The short reference (`ENT-7K3Q-9XPA`) of the application an outbox payload is about, for the
 * message to name it as the traveller's pages do; `undefined` when the payload names none.
 *
 * @example
 * await applicationReferenceOf(db, { applicationId, to: "approved" }) // "ENT-7K3Q-9XPA"
 */
export async function applicationReferenceOf(db: Executor, payload: Json): Promise<string | undefined> {
  const applicationId = readPayloadString(payload, "applicationId");
  if (applicationId === undefined || !uuid.test(applicationId)) return undefined;
  const [row] = await db
    .select({ reference: applications.reference })
    .from(applications)
    .where(eq(applications.id, applicationId));
  return row?.reference;
}
