import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite, types } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations, Logger } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { assertChannel, type ListenParameters, listenPostgres, type Unlisten } from "./listenPostgres.ts";
import { type Schema, schema } from "./schema.ts";

/** A Drizzle database typed with Entrada's schema, on either driver. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * The `tx` of `db.transaction(async (tx) => …)`. Inside the callback query `tx`, never `db`: PGlite has
 * one connection, so a query on `db` waits for the transaction to end, which waits for the query.
 */
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Where queries run: the database or a transaction; functions that write take either. */
export type Executor = Database | Transaction;

/** Which engine a database runs on. */
export type DatabaseKind = "pglite" | "postgres";

/**
 * Structured logger (a pino logger fits). Queries are logged without their parameters, which may
 * hold secrets or personal data.
 */
export type DatabaseLogger = {
  debug(object: Record<string, unknown>, message: string): void;
  info(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
};

export type CreateDatabaseParameters = {
  /** PostgreSQL connection string (`DATABASE_URL`). When set, Entrada uses that server through a `pg` pool. */
  url?: string | undefined;
  /** PGlite data folder, used when `url` is not set; without it PGlite runs in memory. */
  dataDir?: string | undefined;
  /** Largest number of pooled connections to PostgreSQL (default 10). */
  maxConnections?: number | undefined;
  logger?: DatabaseLogger | undefined;
};

export type EntradaDatabase = {
  /** The Drizzle database. */
  db: Database;
  kind: DatabaseKind;
  /**
   * Applies the migrations of `packages/db/migrations` not yet applied. Idempotent; on PostgreSQL it
   * holds an advisory lock, so processes starting together migrate one after the other.
   */
  migrate(): Promise<void>;
  /**
   * Subscribes to `NOTIFY` on a channel; resolves once listening. On PostgreSQL this holds one
   * connection of its own (beside the pool) and survives lost connections: it reconnects with backoff
   * and calls `onReconnect`. On PGlite it is PGlite's own `listen`. Notifications are delivered when the
   * sending transaction commits, never for one that rolls back.
   *
   * @example
   * const unlisten = await database.listen({ channel: "entrada_outbox", onNotification: (id) => wake(id) });
   * await database.db.execute(sql`select pg_notify('entrada_outbox', '42')`);
   * await unlisten();
   */
  listen(parameters: ListenParameters): Promise<Unlisten>;
  /** Closes the pool or PGlite; later calls do nothing. */
  close(): Promise<void>;
};

const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

/** Key of the advisory lock held while migrating (any constant unique to Entrada). */
const migrationLockKey = 4_242_017_001n;

/**
 * Opens Entrada's database: PostgreSQL when `url` is given, else embedded PGlite (in `dataDir`, or in
 * memory). Both speak the PostgreSQL dialect and share one schema and one set of migrations.
 *
 * @example
 * const database = createDatabase({ url: process.env.DATABASE_URL, dataDir: ".entrada/db" });
 * await database.migrate();
 * const rows = await database.db.select().from(authorities);
 * await database.close();
 */
export function createDatabase(parameters: CreateDatabaseParameters = {}): EntradaDatabase {
  const { url, dataDir, maxConnections = 10, logger } = parameters;
  const kind: DatabaseKind = url ? "postgres" : "pglite";
  const queryLogger: Logger | undefined = logger && {
    logQuery(query) {
      logger.debug({ sql: query }, "database query");
    },
  };
  const options = queryLogger ? { schema, logger: queryLogger } : { schema };
  // Migrations of one process run one after the other (PGlite has no advisory locks to do it).
  let migrating: Promise<void> = Promise.resolve();
  let closing: Promise<void> | undefined;
  const listeners = createListenerSet();

  function serialised(run: () => Promise<void>): Promise<void> {
    const started = Date.now();
    const next = migrating.then(async () => {
      await run();
      logger?.info({ kind, ms: Date.now() - started }, "database migrated");
    });
    migrating = next.catch(() => {});
    return next;
  }

  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: maxConnections });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on("error", (error) => logger?.error({ err: error }, "idle PostgreSQL connection failed"));
    // A checked-out client (a transaction's) has no listener of the pool's: a connection reset in the
    // middle of a transaction would be an uncaught 'error' and kill the process on every database
    // restart. Its queries fail anyway (their callers see why) and the pool drops the client on release.
    pool.on("connect", (client) =>
      client.on("error", (error) => logger?.error({ err: error }, "PostgreSQL connection lost while in use")),
    );
    return {
      db: drizzleNodePg({ client: pool, ...options }),
      kind,
      migrate: () =>
        serialised(async () => {
          const client = await pool.connect();
          let broken: Error | undefined;
          try {
            await client.query("select pg_advisory_lock($1)", [migrationLockKey.toString()]);
            try {
              await migrateNodePg(drizzleNodePg({ client, ...options }), { migrationsFolder });
            } finally {
              await client.query("select pg_advisory_unlock($1)", [migrationLockKey.toString()]);
            }
          } catch (error) {
            broken = error as Error;
            throw error;
          } finally {
            // A client whose session may still hold the lock is destroyed rather than pooled.
            client.release(broken);
          }
        }),
      listen: async (listenParameters) => listeners.add(await listenPostgres({ ...listenParameters, url, logger })),
      close() {
        closing ??= Promise.all([pool.end(), listeners.closeAll()]).then(() => {});
        return closing;
      },
    };
  }

  // PGlite parses int8 as a number, or a bigint when large; pg as a string. Take pg's way on both, so
  // that raw counts and ids have one type and Drizzle's bigint columns lose no precision.
  const pgliteOptions = { parsers: { [types.INT8]: (value: string) => value } };
  // PGlite creates its data folder but not the folders above it.
  if (dataDir !== undefined && !dataDir.includes("://")) mkdirSync(dataDir, { recursive: true });
  const client = dataDir === undefined ? new PGlite(pgliteOptions) : new PGlite(dataDir, pgliteOptions);
  const db = drizzlePglite({ client, ...options });
  return {
    db,
    kind,
    migrate: () => serialised(() => migratePglite(db, { migrationsFolder })),
    async listen({ channel, onNotification }) {
      // PGlite runs in this process and never loses its connection, so there is nothing to reconnect.
      assertChannel(channel);
      const unlisten = await client.listen(channel, onNotification);
      return listeners.add(async () => {
        if (!client.closed) await unlisten();
      });
    },
    close() {
      closing ??= client.close();
      return closing;
    },
  };
}

/** The open listeners of a database, so that `close()` closes them too. */
function createListenerSet() {
  const open = new Set<Unlisten>();
  return {
    /** Tracks `unlisten` and returns it wrapped: idempotent, and forgotten once called. */
    add(unlisten: Unlisten): Unlisten {
      let stopping: Promise<void> | undefined;
      const stop = () => {
        open.delete(stop);
        stopping ??= unlisten();
        return stopping;
      };
      open.add(stop);
      return stop;
    },
    async closeAll(): Promise<void> {
      await Promise.all([...open].map((stop) => stop()));
    },
  };
}
