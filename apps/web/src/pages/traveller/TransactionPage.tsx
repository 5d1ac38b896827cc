import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export function TransactionPage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} TransactionPage</h1>;
}
