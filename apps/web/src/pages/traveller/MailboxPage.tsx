import { useTranslation } from "react-i18next";
import { useClientConfig } from "../../api/ClientConfigContext.tsx";
import { useMailbox } from "../../api/useMailbox.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { formatDateTime } from "../../format/formatMoney.ts";
import { languages } from "../../i18n/languages.ts";

/** Message channels the mailbox names, each under `channel.<name>`. */
export const mailboxChannels = ["email", "sms"] as const;

/** Where a message is in the outbox, each named under `mailStatus.<status>`. */
export const mailboxStatuses = ["queued", "sent", "failed"] as const;

/** A message's language by its name in itself ("中文"), or the code when unknown. */
const languageName = (code: string) => languages.find((language) => language.code === code)?.name ?? code;

/**
 * The language a message was written in, when the server does not say: Chinese characters, Spanish
 * letters and words, else English. Only the mailbox's label depends on it.
 */
export function guessLanguage(text: string): "en" | "zh" | "es" {
  if (/[\u4e00-\u9fff]/.test(text)) return "zh";
  if (/[ñ¿¡]|\b(su|solicitud|visado|pago|reembolso|hola)\b/i.test(text)) return "es";
  return "en";
}

/**
 * The development mailbox (local chain only): every e-mail and SMS Entrada would have sent, newest
 * first, refreshed as they arrive — subject, recipient, time, status, language, and the body as sent.
 */
export function MailboxPage() {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const config = useClientConfig();
  const mailbox = useMailbox(config.features.mailbox);
  const items = mailbox.data ?? [];
  return (
    <div className="stack">
      <h1>{t("mailbox.title")}</h1>
      {!config.features.mailbox ? (
        <p className="notice notice-warn">{t("mailbox.unavailable")}</p>
      ) : (
        <>
          <p className="muted">{t("mailbox.intro")}</p>
          {mailbox.error ? (
            <ErrorNotice error={mailbox.error} actions={{ retry: () => void mailbox.refetch() }} />
          ) : null}
          {mailbox.isLoading ? (
            <p className="progress" role="status">
              {t("mailbox.loading")}
            </p>
          ) : null}
          {mailbox.data ? (
            <p role="status" data-testid="mailbox-count">
              {t("mailbox.count", { count: items.length })}
            </p>
          ) : null}
          <ul style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="mailbox">
            {items.map((item) => (
              <li key={item.id} className="card stack" data-testid={`mail-${item.id}`}>
                <h2 style={{ margin: 0 }}>
                  {item.subject ??
                    ((mailboxChannels as readonly string[]).includes(item.channel)
                      ? t(`channel.${item.channel as (typeof mailboxChannels)[number]}`)
                      : item.channel)}
                </h2>
                <dl className="facts">
                  <dt>{t("mailbox.to")}</dt>
                  <dd className="mono">{item.to}</dd>
                  <dt>{t("mailbox.when")}</dt>
                  <dd>
                    <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, language)}</time>
                  </dd>
                  <dt>{t("mailbox.channel")}</dt>
                  <dd>
                    {(mailboxChannels as readonly string[]).includes(item.channel)
                      ? t(`channel.${item.channel as (typeof mailboxChannels)[number]}`)
                      : item.channel}{" "}
                    ·{" "}
                    {(mailboxStatuses as readonly string[]).includes(item.status)
                      ? t(`mailStatus.${item.status as (typeof mailboxStatuses)[number]}`)
                      : item.status}
                  </dd>
                  <dt>{t("mailbox.language")}</dt>
                  <dd data-testid="mail-language" data-language={item.locale ?? guessLanguage(item.body)}>
                    {item.locale
                      ? languageName(item.locale)
                      : t("mailbox.languageGuessed", { language: languageName(guessLanguage(item.body)) })}
                  </dd>
                </dl>
                <pre
                  lang={
                    (item.locale ?? guessLanguage(item.body)) === "zh"
                      ? "zh-CN"
                      : (item.locale ?? guessLanguage(item.body))
                  }
                  style={{
                    whiteSpace: "pre-wrap",
                    overflowWrap: "anywhere",
                    margin: 0,
                    padding: "0.75rem",
                    background: "var(--wash)",
                    borderRadius: "8px",
                    fontFamily: "inherit",
                  }}
                >
                  {item.body}
                </pre>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
