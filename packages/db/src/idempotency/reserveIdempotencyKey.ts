import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Executor } from "../createDatabase.ts";
import type { Json } from "../schema/columns.ts";
import { idempotencyKeys } from "../schema/idempotency.ts";

export type ReserveIdempotencyKeyParameters = {
  /** Who sent the key: `user:<id>` or `api_key:<id>`. */
  scope: string;
  /** The `Idempotency-Key` header, 1 to 255 characters. */
  key: string;
  /** Hash of the request's method, path and body. */
  requestHash: string;
  /** How long the key is remembered (Stripe: at least 24 h). */
  ttlMs: number;
  /** How long the first request may run before a retry may take the key over. */
  lockMs: number;
};

export type ReserveIdempotencyKeyReturnType =
  /** The key is new (or expired, or its first request died): run the request, then `completeIdempotencyKey`. */
  | { type: "reserved" }
  /** The same request already completed: answer with the stored response. */
  | { type: "replay"; responseStatus: number; responseBody: Json | null }
  /** The same request is still running elsewhere. */
  | { type: "in_progress" }
  /** The key was used with other parameters: an error, as with Stripe. */
  | { type: "mismatch" };

/**
 * Reserves an `Idempotency-Key` for a request, or tells what to answer instead. Atomic on both
 * drivers: of two requests racing with one key, exactly one gets `reserved`.
 *
 * @example
 * const reservation = await reserveIdempotencyKey(db, { scope: `user:${userId}`, key, requestHash, ttlMs: 86_400_000, lockMs: 60_000 });
 * if (reservation.type === "replay") return reply.code(reservation.responseStatus).send(reservation.responseBody);
 */
export async function reserveIdempotencyKey(
  db: Executor,
  parameters: ReserveIdempotencyKeyParameters,
): Promise<ReserveIdempotencyKeyReturnType> {
  const { scope, key, requestHash, ttlMs, lockMs } = parameters;
  const lockedUntil = sql`now() + ${`${lockMs} milliseconds`}::interval`;
  const expiresAt = sql`now() + ${`${ttlMs} milliseconds`}::interval`;
  // The row is reset when it expired, or when its request died holding it (same parameters only).
  const reserved = await db
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash, lockedUntil, expiresAt })
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        requestHash,
        responseStatus: null,
        responseBody: null,
        createdAt: sql`now()`,
        completedAt: null,
        lockedUntil,
        expiresAt,
      },
      setWhere: or(
        lte(idempotencyKeys.expiresAt, sql`now()`),
        and(
          isNull(idempotencyKeys.completedAt),
          lte(idempotencyKeys.lockedUntil, sql`now()`),
          eq(idempotencyKeys.requestHash, requestHash),
        ),
      )!,
    })
    .returning({ scope: idempotencyKeys.scope });
  if (reserved.length === 1) return { type: "reserved" };

  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  // Deleted between the two statements (expiry clean-up): the key is free again.
  if (!existing) return reserveIdempotencyKey(db, parameters);
  if (existing.requestHash !== requestHash) return { type: "mismatch" };
  if (existing.completedAt === null || existing.responseStatus === null) return { type: "in_progress" };
  return { type: "replay", responseStatus: existing.responseStatus, responseBody: existing.responseBody };
}
