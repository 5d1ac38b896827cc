import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export default function OfficerDashboardPage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} OfficerDashboardPage</h1>;
}
