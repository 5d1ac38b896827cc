import { useTranslation } from "react-i18next";

/** Placeholder until the page is built. */
export function MailboxPage() {
  const { t } = useTranslation();
  return <h1>{t("loading")} MailboxPage</h1>;
}
