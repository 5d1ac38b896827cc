import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { precompress } from "./build/precompress.ts";
import { serverStrings } from "./build/serverStrings.ts";
import { shellScript } from "./build/shellScript.ts";
import { startupNamespaces } from "./src/i18n/languages.ts";

/** A translation file fetched before the first render: `locales/<language>/<startup namespace>.json`. */
const startupTranslation = new RegExp(`[\\\\/]locales[\\\\/]([a-z]+)[\\\\/](?:${startupNamespaces.join("|")})\\.json$`);

/**
 * The app is served by the API server from `dist/` (same origin, so the session cookie and SIWE
 * domain just work). `npm run dev -w @entrada/web` serves it with hot reload and proxies the API to
 * `ENTRADA_API_URL` (default the `npm start` server).
 */
export default defineConfig({
  // shell.js: the shell's loading line in the visitor's language and its translations fetched early.
  // The translations the server writes the home page's form with (server-strings/<language>.json).
  // Brotli and gzip copies of each asset, made once here and sent by the server as the browser accepts.
  plugins: [react(), shellScript(), serverStrings(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    // On a phone each request waits a round trip, and a browser opens at most six connections to a
    // host: what the first render needs comes in as few files as possible. Everything the entry script
    // imports is one file (the small chunks it would share with the lazy pages cost more than the bytes
    // they would save them), and each language's translations needed before the first render are one
    // file (the officer's namespace stays apart).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "app", tags: ["$initial"] },
            {
              name: (id) => `translations-${startupTranslation.exec(id)?.[1] ?? "other"}`,
              debugName: "startup translations",
              test: startupTranslation,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": process.env.ENTRADA_API_URL ?? "http://127.0.0.1:3000" },
  },
  test: {
    name: "web",
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
