import type { BackendModule, ResourceKey } from "i18next";

// One chunk per language and namespace (locales/<language>/<namespace>.json), fetched on demand: a
// visitor downloads their own language (English, the fallback, only on a missing key), not all three.
const loaders = import.meta.glob<ResourceKey>("../locales/*/*.json", { import: "default" });

/**
 * An i18next backend that imports `locales/<language>/<namespace>.json` when i18next first needs it,
 * as its own chunk of the build. A language or namespace without a file is an error i18next reports
 * (and falls back from), never a silent empty page.
 *
 * @example
 * i18next.use(loadTranslations).init({ ns: ["common"], fallbackLng: "en" });
 */
export const loadTranslations: BackendModule = {
  type: "backend",
  init() {},
  read(language, namespace, callback) {
    const load = loaders[`../locales/${language}/${namespace}.json`];
    if (load === undefined) {
      callback(new Error(`no translations for ${language}/${namespace}`), false);
      return;
    }
    load().then(
      (resources) => callback(null, resources),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), true),
    );
  },
};
