import i18next, { type i18n } from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import { languageStorageKey, languages, namespaces } from "./languages.ts";
import { resources } from "./resources.ts";

/**
 * The app's i18next: the language chosen in the switcher (kept in localStorage), else the
 * browser's, else English; the `<html lang>` follows it so that screen readers and fonts do too.
 */
export async function createI18n(): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources,
      supportedLngs: languages.map((language) => language.code),
      nonExplicitSupportedLngs: true,
      load: "languageOnly",
      fallbackLng: "en",
      ns: [...namespaces],
      defaultNS: "common",
      interpolation: { escapeValue: false },
      returnNull: false,
      detection: {
        order: ["localStorage", "navigator"],
        lookupLocalStorage: languageStorageKey,
        caches: ["localStorage"],
      },
    });
  const syncDocument = (language: string) => {
    document.documentElement.lang = language === "zh" ? "zh-CN" : language;
  };
  syncDocument(instance.resolvedLanguage ?? "en");
  instance.on("languageChanged", syncDocument);
  return instance;
}
