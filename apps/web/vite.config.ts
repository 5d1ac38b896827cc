import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { precompress } from "./build/precompress.ts";

/**
 * The app is served by the API server from `dist/` (same origin, so the session cookie and SIWE
 * domain just work). `npm run dev -w @entrada/web` serves it with hot reload and proxies the API to
 * `ENTRADA_API_URL` (default the `npm start` server).
 */
export default defineConfig({
  // Brotli and gzip copies of each asset, made once here and sent by the server as the browser accepts.
  plugins: [react(), precompress()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: { "/api": process.env.ENTRADA_API_URL ?? "http://127.0.0.1:3000" },
  },
  test: {
    name: "web",
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
