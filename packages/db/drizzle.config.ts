import { defineConfig } from "drizzle-kit";

// `npm run db:generate -w @entrada/db` writes a migration for every change of src/schema/.
export default defineConfig({
  dialect: "postgresql",
  // Test files live beside the schema; drizzle-kit must not load them (they import vitest).
  schema: "./src/schema/!(*.test).ts",
  out: "./migrations",
  strict: true,
});
