import { useTranslation } from "react-i18next";
import { isHeldByIssuer, isSettlementDelayed, settlementReason } from "../../api/settlementReasons.ts";
import type { Settlement } from "../../api/types.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { formatDateTime } from "../../format/formatMoney.ts";
import { useSettlementRetry } from "./useSettlementRetry.ts";

/**
 * What holds up the application's settlement, for the officer: "Settlement blocked: <reason>" with
 * the server's details and a button to retry it now (once the cause is fixed), or, while a failure
 * that may pass is retried, the reason and the next try; held by the token's issuer, when the server
 * checks the token again by itself. Nothing while the settlement goes as it
 * should (the escrow panel follows it).
 */
export function SettlementPanel({
  authorityId,
  applicationId,
  settlement,
}: {
  authorityId: string;
  applicationId: string;
  settlement: Settlement;
}) {
  const { t, i18n } = useTranslation("officer");
  const language = i18n.resolvedLanguage ?? "en";
  const retry = useSettlementRetry(authorityId, applicationId);
  const code = settlementReason(settlement);
  if (!isSettlementDelayed(settlement) || code === null) return null;
  const blocked = settlement.status === "blocked";
  const what = { release: t("settlement.release"), refund: t("settlement.refund"), claim: t("settlement.claim") }[
    settlement.kind
  ];
  const reason = t(`settlement.reason.${code}`);
  return (
    <div
      className={`notice ${blocked ? "notice-error" : "notice-warn"} stack`}
      data-testid="settlement"
      data-status={settlement.status}
      data-reason={settlement.reason?.code}
    >
      <p>
        <strong>{blocked ? t("settlement.blocked", { reason }) : t("settlement.retrying", { what, reason })}</strong>
      </p>
      {isHeldByIssuer(settlement) ? (
        <p>
          {t("settlement.heldHint", {
            what,
            time: settlement.nextAttemptAt ? formatDateTime(settlement.nextAttemptAt, language) : "—",
          })}
        </p>
      ) : blocked ? (
        <p>{t("settlement.blockedHint", { what })}</p>
      ) : (
        <p>
          {t("settlement.attempts", { count: settlement.attempts })}
          {settlement.nextAttemptAt
            ? ` ${t("settlement.nextAttempt", { time: formatDateTime(settlement.nextAttemptAt, language) })}`
            : null}
        </p>
      )}
      {settlement.reason ? (
        <p className="muted">
          {t("settlement.details")} <span className="mono">{settlement.reason.message}</span>
        </p>
      ) : null}
      <p role="status" className={retry.isPending ? "progress" : "visually-hidden"}>
        {retry.isPending ? t("settlement.retryPending") : retry.isSuccess ? t("settlement.retryDone") : ""}
      </p>
      <div>
        <button
          type="button"
          className="button"
          data-testid="settlement-retry"
          disabled={retry.isPending}
          onClick={() => retry.mutate()}
        >
          {blocked ? t("settlement.retry") : t("settlement.retryNow")}
        </button>
      </div>
      {retry.error ? <ErrorNotice error={retry.error} actions={{ retry: () => retry.mutate() }} /> : null}
    </div>
  );
}
