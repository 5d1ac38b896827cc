// Test support for packages that use the database: fresh databases on PGlite and PostgreSQL.
export {
  type CreateTestDatabasesParameters,
  createTestDatabases,
  type OpenTestDatabaseParameters,
  type TestDatabase,
  type TestDatabaseFactory,
} from "./createTestDatabases.ts";
export { resetDatabase } from "./resetDatabase.ts";
export { type CuttableProxy, startCuttableProxy } from "./startCuttableProxy.ts";
