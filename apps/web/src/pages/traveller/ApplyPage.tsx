import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export function ApplyPage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} ApplyPage</h1>;
}
