import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../createDatabase.ts";
import type { Json } from "../schema/columns.ts";
import { idempotencyKeys } from "../schema/idempotency.ts";

export type CompleteIdempotencyKeyParameters = {
  scope: string;
  key: string;
  responseStatus: number;
  responseBody: Json | null;
};

/**
 * Stores the response of a request that reserved its key, for replay to retries. Returns `false` when
 * the key is not reserved (already completed, or expired and removed).
 *
 * @example
 * await completeIdempotencyKey(db, { scope, key, responseStatus: 201, responseBody: application });
 */
export async function completeIdempotencyKey(
  db: Executor,
  parameters: CompleteIdempotencyKeyParameters,
): Promise<boolean> {
  const { scope, key, responseStatus, responseBody } = parameters;
  const rows = await db
    .update(idempotencyKeys)
    .set({ responseStatus, responseBody, completedAt: sql`now()`, lockedUntil: null })
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.completedAt)))
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}
