import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../format/formatMoney.ts";
import type { TimelineEntry } from "./buildTimeline.ts";
import { TxLink } from "./TxLink.tsx";

/** Parameters of {@link Timeline}. */
export type TimelineProps = {
  entries: readonly TimelineEntry[];
  /** More content under an entry (the answer form under the officer's request). */
  extra?: (entry: TimelineEntry) => ReactNode;
  /** The chain of the application's quote, where its transactions are (absent: the default chain). */
  chainId?: number | undefined;
};

/** Actor roles of the audit trail, each named under `actor.<role>`. */
export const actorRoles = ["traveller", "organisation", "officer", "system"] as const;

/**
 * An application's timeline (see {@link buildTimeline}): each change with its time, who made it,
 * the reason and the transaction; what is happening and what comes next set apart. New entries are
 * announced politely to screen readers.
 *
 * @example
 * <Timeline entries={buildTimeline({ history, state, required })} chainId={application.quote?.chainId} />
 */
export function Timeline({ entries, extra, chainId }: TimelineProps) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  return (
    <ol className="timeline" data-testid="timeline" aria-live="polite">
      {entries.map((entry) => {
        const values = {
          ...entry.values,
          ...(entry.values.deadline ? { deadline: formatDateTime(entry.values.deadline, language) } : {}),
          state: entry.state ? t(`common:state.${entry.state}`) : "",
        };
        const message =
          entry.kind === "decision_pending" && !entry.values.deadline
            ? t("timeline.decisionPendingNoDeadline")
            : entry.kind === "payment_seen" && entry.values.block === undefined
              ? t("timeline.paymentSeenNoBlock")
              : t(`timeline.${entry.kind}`, values);
        const role = (actorRoles as readonly string[]).includes(entry.actorRole ?? "") ? entry.actorRole : null;
        return (
          <li
            key={entry.id}
            className={entry.status === "done" ? undefined : "pending"}
            data-testid={`timeline-${entry.testId}`}
            data-status={entry.status}
          >
            <strong>{message}</strong>
            {entry.status === "pending" ? <span className="visually-hidden"> {t("timeline.upcoming")}</span> : null}
            {entry.at ? (
              <time dateTime={entry.at}>
                {formatDateTime(entry.at, language)}
                {role ? ` · ${t(`actor.${role}`)}` : ""}
              </time>
            ) : null}
            {entry.reason ? <p className="timeline-reason">{t("timeline.reason", { reason: entry.reason })}</p> : null}
            {entry.txHash ? (
              <p>
                {t("timeline.transaction")} <TxLink hash={entry.txHash} chainId={chainId} />
              </p>
            ) : null}
            {extra?.(entry)}
          </li>
        );
      })}
    </ol>
  );
}
