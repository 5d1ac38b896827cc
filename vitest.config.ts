import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // In CI, also a JSON report from which .ci/run prints the totals.
    reporters: process.env.CI ? ["default", ["json", { outputFile: "test-results/vitest.json" }]] : ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          include: ["**/*.test.ts"],
          exclude: ["**/node_modules/**", "**/.entrada/**", "apps/web/src/**", "apps/web/dist/**"],
        },
      },
      // The web app's component tests, in happy-dom with the app's own Vite config.
      "apps/web/vite.config.ts",
    ],
  },
});
