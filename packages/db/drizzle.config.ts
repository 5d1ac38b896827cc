import { defineConfig } from "drizzle-kit";

// `npm run db:generate -w @entrada/db` writes a migration for every change of src/schema/.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/*.ts",
  out: "./migrations",
  strict: true,
});
