import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../createDatabase.ts";
import { idempotencyKeys } from "../schema/idempotency.ts";

export type ReleaseIdempotencyKeyParameters = {
  scope: string;
  key: string;
};

/**
 * Forgets a reserved key whose request failed before changing anything, so that the client may retry
 * with the same key.
 *
 * @example
 * await releaseIdempotencyKey(db, { scope, key });
 */
export async function releaseIdempotencyKey(db: Executor, parameters: ReleaseIdempotencyKeyParameters): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, parameters.scope),
        eq(idempotencyKeys.key, parameters.key),
        isNull(idempotencyKeys.completedAt),
      ),
    );
}
