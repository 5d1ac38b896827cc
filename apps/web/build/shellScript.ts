import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { startupNamespaces } from "../src/i18n/languages.ts";

const placeholder = "/* translations */ {}";

/**
 * A Vite plugin that writes `shell.js` (from `build/shell.js`) into the build with the names of each
 * language's translation chunks that the app fetches before its first render (`startupNamespaces`),
 * so that the shell can start fetching the visitor's language before the app's script has arrived.
 * Only at build: `vite` (dev) has no shell.js, and the app loads its translations itself as ever.
 *
 * @example
 * export default defineConfig({ plugins: [react(), shellScript()] });
 */
export function shellScript(): Plugin {
  return {
    name: "entrada:shell-script",
    apply: "build",
    async generateBundle(_options, bundle) {
      const translations: Record<string, string[]> = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        for (const id of chunk.moduleIds) {
          const match = /[\\/]locales[\\/]([a-z]+)[\\/]([a-z]+)\.json$/.exec(id);
          if (!match || !(startupNamespaces as readonly string[]).includes(match[2]!)) continue;
          const files = [`/${chunk.fileName}`, ...chunk.imports.map((name) => `/${name}`)];
          translations[match[1]!] = [...new Set([...(translations[match[1]!] ?? []), ...files])];
        }
      }
      const template = await readFile(fileURLToPath(new URL("./shell.js", import.meta.url)), "utf8");
      if (!template.includes(placeholder)) throw new Error(`build/shell.js lacks ${placeholder}`);
      this.emitFile({
        type: "asset",
        fileName: "shell.js",
        source: template.replace(placeholder, JSON.stringify(translations)),
      });
    },
  };
}
