/** The languages Entrada speaks, with their names in themselves (for the switcher). */
export const languages = [
  { code: "en", name: "English" },
  { code: "zh", name: "中文" },
  { code: "es", name: "Español" },
] as const;

/** A language code Entrada speaks. */
export type Language = (typeof languages)[number]["code"];

/** The i18n namespaces: one JSON file per namespace and language under src/locales. */
export const namespaces = ["common", "traveller", "officer", "errors", "identity"] as const;

/**
 * The namespaces fetched before the first render (the header and the traveller's pages use them);
 * the officer's arrive when an officer page first asks for them.
 */
export const startupNamespaces = ["common", "traveller", "errors", "identity"] as const;

/** Where the chosen language is kept, so that the choice survives reloads. */
export const languageStorageKey = "entrada.language";

/**
 * The cookie the chosen (or detected) language is kept in too, for the server: it writes the home
 * page's eligibility form in this language (apps/server/src/runtime/homePage.ts, `languageCookie`).
 */
export const languageCookie = "entrada_language";

/** BCP 47 tags for Intl: the app's `zh` is Simplified Chinese. */
export const intlLocale: Record<Language, string> = { en: "en", zh: "zh-CN", es: "es" };

/** Narrows any string (a stored or detected language) to one Entrada speaks, else `en`. */
export function toLanguage(value: string | null | undefined): Language {
  const base = value?.toLowerCase().split(/[-_]/)[0];
  return languages.find((language) => language.code === base)?.code ?? "en";
}
