import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export default function OfficerApplicationPage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} OfficerApplicationPage</h1>;
}
