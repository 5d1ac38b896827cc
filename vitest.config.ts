import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.entrada/**"],
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // In CI, also a JSON report from which .ci/run prints the totals.
    reporters: process.env.CI ? ["default", ["json", { outputFile: "test-results/vitest.json" }]] : ["default"],
  },
});
