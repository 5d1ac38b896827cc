import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export function WalletPage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} WalletPage</h1>;
}
