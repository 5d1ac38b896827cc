import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/api.ts";
import type { Me } from "../api/types.ts";
import { sessionKey } from "../api/useSession.ts";
import { languages } from "../i18n/languages.ts";

/**
 * Switches the language at once, everywhere, and keeps the choice (localStorage through the
 * detector; the signed-in user's profile too, so that e-mails follow).
 */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const current = i18n.resolvedLanguage ?? "en";
  return (
    <label className="language-switcher">
      <span className="visually-hidden">{t("language.label")}</span>
      <select
        value={current}
        data-testid="language-switcher"
        onChange={(event) => {
          const language = event.target.value;
          void i18n.changeLanguage(language);
          if (queryClient.getQueryData<Me | null>(sessionKey)) {
            void api("PATCH", "/me/profile", { body: { locale: language } }).catch(() => undefined);
          }
        }}
      >
        {languages.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
      </select>
    </label>
  );
}
