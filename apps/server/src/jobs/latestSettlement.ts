import { type Executor, settlementJobs } from "@entrada/db";
import { and, desc, eq, ne } from "drizzle-orm";
import type { SettlementJob } from "./enqueueSettlement.ts";

/**
 * The settlement an application's reader cares about: its newest job that is not cancelled (a
 * decision's `release` or `refund`, or the `claim` of an expiry that came after it), or `undefined`
 * when none was ever owed.
 *
 * @example
 * const job = await latestSettlement(db, application.id); // { kind: "release", status: "sent", … }
 */
export async function latestSettlement(db: Executor, applicationId: string): Promise<SettlementJob | undefined> {
  const [job] = await db
    .select()
    .from(settlementJobs)
    .where(and(eq(settlementJobs.applicationId, applicationId), ne(settlementJobs.status, "cancelled")))
    .orderBy(desc(settlementJobs.createdAt), desc(settlementJobs.id))
    .limit(1);
  return job;
}
