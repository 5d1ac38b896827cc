import { useTranslation } from "react-i18next";
import type { HistoryEntry } from "../../api/types.ts";
import { StateBadge } from "../../components/StateBadge.tsx";
import { TxLink } from "../../components/TxLink.tsx";
import { formatDateTime } from "../../format/formatMoney.ts";
import { actorRoles, historyEvents, isOneOf } from "./officerVocabulary.ts";

/**
 * The application's audit trail, oldest first: what happened, who did it (by role), why, when, and
 * the chain transaction that caused it, linked on `chainId` (the quote's chain; absent: the default chain).
 */
export function HistoryTimeline({
  entries,
  chainId,
}: {
  entries: readonly HistoryEntry[];
  chainId?: number | undefined;
}) {
  const { t, i18n } = useTranslation("officer");
  const language = i18n.resolvedLanguage ?? "en";
  if (entries.length === 0) return <p className="muted">{t("history.empty")}</p>;
  return (
    <ol className="timeline" data-testid="history">
      {entries.map((entry) => (
        <li key={entry.id} data-event={entry.event}>
          <div className="row">
            <strong>{isOneOf(historyEvents, entry.event) ? t(`event.${entry.event}`) : entry.event}</strong>
            <StateBadge state={entry.to} />
          </div>
          <p className="muted">
            {t("history.by", {
              actor: isOneOf(actorRoles, entry.actorRole) ? t(`actor.${entry.actorRole}`) : entry.actorRole,
            })}
          </p>
          {entry.reason ? <p>{t("history.reason", { reason: entry.reason })}</p> : null}
          {entry.txHash ? (
            <p>
              {t("history.transaction")} <TxLink hash={entry.txHash} chainId={chainId} />
            </p>
          ) : null}
          <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>
        </li>
      ))}
    </ol>
  );
}
