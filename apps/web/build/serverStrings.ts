import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { nationalityOptions } from "../src/format/countries.ts";
import { languages } from "../src/i18n/languages.ts";

/** The namespaces the server's home page is written with (the header, the eligibility form and its meta description). */
const serverNamespaces = ["common", "traveller"] as const;

/**
 * A Vite plugin that writes `server-strings/<language>.json` into the build: the `common` and
 * `traveller` translations of each language, as in `src/locales`, and the nationalities (alpha-3
 * codes and names, sorted) as the app lists them (`nationalityOptions`). The API server reads them to send
 * the home page's eligibility form in the visitor's language inside the HTML (a form that works before,
 * and without, the app's script), so that the page and the app say the same words from one source.
 *
 * @example
 * export default defineConfig({ plugins: [react(), serverStrings()] });
 */
export function serverStrings(): Plugin {
  return {
    name: "entrada:server-strings",
    apply: "build",
    async generateBundle() {
      for (const { code } of languages) {
        const strings: Record<string, unknown> = {};
        for (const namespace of serverNamespaces) {
          const file = fileURLToPath(new URL(`../src/locales/${code}/${namespace}.json`, import.meta.url));
          strings[namespace] = JSON.parse(await readFile(file, "utf8"));
        }
        strings.nationalities = nationalityOptions(code);
        this.emitFile({ type: "asset", fileName: `server-strings/${code}.json`, source: JSON.stringify(strings) });
      }
    },
  };
}
