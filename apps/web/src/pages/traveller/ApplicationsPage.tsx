import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export function ApplicationsPage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} ApplicationsPage</h1>;
}
