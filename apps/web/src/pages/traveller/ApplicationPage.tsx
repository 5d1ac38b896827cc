import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export function ApplicationPage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} ApplicationPage</h1>;
}
