import i18next, { type i18n } from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import { addChineseSpacing } from "./chineseSpacing.ts";
import { languageCookie, languageStorageKey, languages, startupNamespaces } from "./languages.ts";
import { loadTranslations } from "./loadTranslations.ts";

/**
 * The app's i18next: the language chosen in the switcher (kept in localStorage), else the
 * browser's, else English; the `<html lang>` follows it so that screen readers and fonts do too.
 * Only that language's translations are fetched, each its own chunk ({@link loadTranslations}), the
 * officer's namespace only when an officer page needs it; resolves once the traveller's are in.
 * English, the fallback, is fetched only on a first missing key (every language has every key the
 * code uses, as translationKeys.test.ts checks, so a visitor in Chinese or Spanish never waits for it).
 */
export async function createI18n(): Promise<i18n> {
  const instance = i18next.createInstance();
  let englishAsked = false;
  let englishLoaded = false;
  // On a first miss, English is fetched and the page drawn again with it (a languageChanged to the
  // same language, which react-i18next redraws on); until then the key shows, as i18next shows a miss.
  const loadEnglish = () => {
    if (englishAsked) return;
    englishAsked = true;
    void instance.loadLanguages("en").then(() => {
      englishLoaded = true;
      void instance.changeLanguage(instance.resolvedLanguage);
    });
  };
  await instance
    .use(LanguageDetector)
    .use(loadTranslations)
    .use(initReactI18next)
    .init({
      supportedLngs: languages.map((language) => language.code),
      nonExplicitSupportedLngs: true,
      load: "languageOnly",
      // English once it has been fetched, and for a language Entrada does not speak (the detector's
      // choice then falls back to English); asked again on each lookup, so a miss finds it once in.
      fallbackLng: (code) => (englishLoaded || !isSpoken(code) ? ["en"] : []),
      saveMissing: true,
      missingKeyHandler: loadEnglish,
      ns: [...startupNamespaces],
      defaultNS: "common",
      interpolation: { escapeValue: false },
      returnNull: false,
      detection: {
        order: ["localStorage", "navigator"],
        lookupLocalStorage: languageStorageKey,
        // The cookie is for the server, which writes the home page's form in the visitor's language.
        caches: ["localStorage", "cookie"],
        lookupCookie: languageCookie,
        cookieMinutes: 60 * 24 * 365,
        cookieOptions: { path: "/", sameSite: "lax" },
      },
    });
  addChineseSpacing(instance);
  const syncDocument = (language: string) => {
    document.documentElement.lang = language === "zh" ? "zh-CN" : language;
    // The description in the same language as the page (the server writes the home page's so too).
    const description = instance.t("meta.description", { lng: language, ns: "common", defaultValue: "" });
    if (description) document.querySelector('meta[name="description"]')?.setAttribute("content", description);
  };
  syncDocument(instance.resolvedLanguage ?? "en");
  instance.on("languageChanged", syncDocument);
  return instance;
}

/** Whether a language code (`zh`, `zh-CN`) is one Entrada speaks. */
function isSpoken(code: string | undefined): boolean {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return languages.some((language) => language.code === base);
}
