import { afterEach, describe, expect, it, vi } from "vitest";
import { createI18n } from "./createI18n.ts";
import { languageStorageKey } from "./languages.ts";

afterEach(() => {
  localStorage.clear();
  vi.restoreAllMocks();
});

describe("createI18n", () => {
  it("fetches only the visitor's language when it has every key, not English too", async () => {
    localStorage.setItem(languageStorageKey, "zh");
    const i18n = await createI18n();
    expect(i18n.resolvedLanguage).toBe("zh");
    expect(i18n.t("nav.skip")).toBe("跳到正文");
    expect(i18n.hasResourceBundle("zh", "traveller")).toBe(true);
    expect(i18n.hasResourceBundle("en", "common")).toBe(false);
    expect(document.documentElement.lang).toBe("zh-CN");
  });

  it("fetches English on a missing key, and shows it in place of the key once in", async () => {
    localStorage.setItem(languageStorageKey, "es");
    const i18n = await createI18n();
    // A key that Spanish lacks, as a new message could before its translation is written.
    i18n.addResource("en", "common", "onlyInEnglish", "Only in English");
    const redrawn = new Promise((resolve) => i18n.on("languageChanged", resolve));
    expect(i18n.t("onlyInEnglish")).toBe("onlyInEnglish");
    expect(await redrawn).toBe("es");
    expect(i18n.hasResourceBundle("en", "traveller")).toBe(true);
    expect(i18n.t("onlyInEnglish")).toBe("Only in English");
    expect(i18n.t("nav.skip")).toBe("Saltar al contenido");
  });

  it("speaks English to a browser in a language Entrada does not speak", async () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["fr-FR", "fr"]);
    const i18n = await createI18n();
    expect(i18n.resolvedLanguage).toBe("en");
    expect(i18n.t("nav.skip")).toBe("Skip to content");
  });
});
