import { useTranslation } from "react-i18next";
import type { ApplicationState, HistoryEntry, Money } from "../../api/types.ts";
import { MoneyAmount } from "../../components/MoneyAmount.tsx";

/** Parameters of {@link RefundNotice}. */
export type RefundNoticeProps = {
  /** The application's state and the quote it was paid with (its total is what the escrow refunds). */
  application: { state: ApplicationState; quote: { total: Money } | null };
  /** The application's history, where the officer's reason for a refusal is. */
  history: readonly HistoryEntry[] | undefined;
};

/** The states in which the fee goes back to the payer (or went). */
const refundStates = new Set(["rejected", "expired", "refunded"]);

/**
 * The top of a refused or lapsed application: how much comes back (the whole amount paid, Entrada's
 * fee included: the escrow refunds it all) and why — the authority's refusal with the officer's
 * reason, or no decision by the deadline. Nothing in other states.
 *
 * @example
 * <RefundNotice application={application} history={history.data} />
 */
export function RefundNotice({ application, history }: RefundNoticeProps) {
  const { t } = useTranslation("traveller");
  if (!refundStates.has(application.state)) return null;
  // Why: the state the application was in before its refund (a refunded one was refused or lapsed).
  const cause = [...(history ?? [])].reverse().find((entry) => entry.to === "rejected" || entry.to === "expired");
  const lapsed = application.state === "expired" || (cause?.to === "expired" && application.state === "refunded");
  const done = application.state === "refunded";
  const amount = application.quote?.total;
  const reason = lapsed
    ? t("refund.reasonExpired")
    : cause?.reason
      ? t("refund.reasonRejected", { reason: cause.reason })
      : t("refund.reasonRejectedNoReason");
  return (
    <div className="notice notice-warn" role="status" data-testid="refund-notice" data-refunded={done}>
      <p>
        <strong>
          {amount ? (
            <>
              {done ? t("refund.doneAmount") : t("refund.pendingAmount")}{" "}
              <MoneyAmount money={amount} testId="refund-amount" />
            </>
          ) : done ? (
            t("outcome.refunded")
          ) : (
            t(`outcome.${lapsed ? "expired" : "rejected"}`)
          )}
        </strong>
      </p>
      <p data-testid="refund-reason">{reason}</p>
      {amount ? <p className="muted">{t("refund.whole")}</p> : null}
    </div>
  );
}
