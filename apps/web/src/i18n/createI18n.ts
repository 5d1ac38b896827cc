import i18next, { type i18n } from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import { addChineseSpacing } from "./chineseSpacing.ts";
import { languageStorageKey, languages, startupNamespaces } from "./languages.ts";
import { loadTranslations } from "./loadTranslations.ts";

/**
 * The app's i18next: the language chosen in the switcher (kept in localStorage), else the
 * browser's, else English; the `<html lang>` follows it so that screen readers and fonts do too.
 * Only that language's translations (and English, the fallback) are fetched, each its own chunk
 * ({@link loadTranslations}), the officer's namespace only when an officer page needs it; resolves
 * once the traveller's are in.
 */
export async function createI18n(): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance
    .use(LanguageDetector)
    .use(loadTranslations)
    .use(initReactI18next)
    .init({
      supportedLngs: languages.map((language) => language.code),
      nonExplicitSupportedLngs: true,
      load: "languageOnly",
      fallbackLng: "en",
      ns: [...startupNamespaces],
      defaultNS: "common",
      interpolation: { escapeValue: false },
      returnNull: false,
      detection: {
        order: ["localStorage", "navigator"],
        lookupLocalStorage: languageStorageKey,
        caches: ["localStorage"],
      },
    });
  addChineseSpacing(instance);
  const syncDocument = (language: string) => {
    document.documentElement.lang = language === "zh" ? "zh-CN" : language;
  };
  syncDocument(instance.resolvedLanguage ?? "en");
  instance.on("languageChanged", syncDocument);
  return instance;
}
