import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, type DatabaseKind, type EntradaDatabase } from "../createDatabase.ts";

/** A database opened for a test file. */
export type TestDatabase = EntradaDatabase & {
  /** Connection string of the PostgreSQL test database, to open more pools on it; `undefined` on PGlite. */
  url: string | undefined;
};

export type OpenTestDatabaseParameters = {
  /** Apply the migrations before returning (default true). */
  migrate?: boolean | undefined;
};

/** One engine to run a test suite on. */
export type TestDatabaseFactory = {
  name: DatabaseKind;
  /** Opens a fresh, empty database; its `close()` also removes it. */
  open(parameters?: OpenTestDatabaseParameters): Promise<TestDatabase>;
};

export type CreateTestDatabasesParameters = {
  /** A PostgreSQL server to test on as well (default: `TEST_DATABASE_URL`); PGlite only when unset. */
  url?: string | undefined;
};

/**
 * The engines to run database tests on: in-memory PGlite always, and PostgreSQL when
 * `TEST_DATABASE_URL` is set. Each PostgreSQL `open()` creates a database `entrada_t_<random>` on
 * that server (test files run in parallel and must not share tables) and drops it on `close()`.
 *
 * @example
 * describe.each(createTestDatabases())("on $name", ({ open }) => {
 *   let database: TestDatabase;
 *   beforeAll(async () => { database = await open() });
 *   afterAll(() => database.close());
 *   test("…", async () => { await database.db.select().from(outbox) });
 * });
 */
export function createTestDatabases(parameters: CreateTestDatabasesParameters = {}): TestDatabaseFactory[] {
  const url = parameters.url ?? (process.env.TEST_DATABASE_URL || undefined);
  const factories: TestDatabaseFactory[] = [{ name: "pglite", open: openPglite }];
  if (url) factories.push({ name: "postgres", open: (options) => openPostgres(url, options) });
  return factories;
}

async function openPglite(parameters: OpenTestDatabaseParameters = {}): Promise<TestDatabase> {
  const database = createDatabase();
  if (parameters.migrate ?? true) await database.migrate();
  return { ...database, url: undefined };
}

async function openPostgres(serverUrl: string, parameters: OpenTestDatabaseParameters = {}): Promise<TestDatabase> {
  const name = `entrada_t_${randomBytes(8).toString("hex")}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = createDatabase({ url: url.toString(), maxConnections: 4 });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= database.close().finally(() => onServer(serverUrl, `drop database if exists ${name} with (force)`));
    return closing;
  };
  try {
    if (parameters.migrate ?? true) await database.migrate();
  } catch (error) {
    await close();
    throw error;
  }
  return { ...database, url: url.toString(), close };
}

/** Runs one statement (`create database` cannot run in a transaction or a pool's session) on the server. */
async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
