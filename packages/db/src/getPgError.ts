/** The fields of a PostgreSQL error that both drivers report. */
export type PgError = {
  /** SQLSTATE, e.g. `23505` for a unique violation. */
  code: string;
  /** Name of the violated constraint, when there is one. */
  constraint?: string | undefined;
  message: string;
};

/**
 * Finds the PostgreSQL error in `error` or its causes: Drizzle wraps driver errors in a
 * `DrizzleQueryError` whose `cause` is the error of `pg` or PGlite.
 *
 * @example
 * try { await db.insert(chainEvents).values(event) } catch (error) { getPgError(error)?.code } // "23505"
 */
export function getPgError(error: unknown): PgError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const { code, constraint } = current as Error & { code?: unknown; constraint?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      return { code, constraint: typeof constraint === "string" ? constraint : undefined, message: current.message };
    }
    current = current.cause;
  }
  return undefined;
}

/**
 * Whether `error` is a unique violation (SQLSTATE 23505), of the constraint `constraint` when given.
 *
 * @example
 * if (isUniqueViolation(error, "chain_events_log_key")) return; // log already stored
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = getPgError(error);
  return pgError?.code === "23505" && (constraint === undefined || pgError.constraint === constraint);
}
