import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} NotFoundPage</h1>;
}
