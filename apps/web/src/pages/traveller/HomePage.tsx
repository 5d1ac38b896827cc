import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export function HomePage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} HomePage</h1>;
}
