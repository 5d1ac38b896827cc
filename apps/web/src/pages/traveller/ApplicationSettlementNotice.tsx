import { useTranslation } from "react-i18next";
import { isHeldByIssuer, isSettlementDelayed, settlementReason } from "../../api/settlementReasons.ts";
import type { Settlement } from "../../api/types.ts";

/**
 * Tells the traveller, in their words, that the money their application's decision moves is late and
 * why: their e-visa waits for the fee to reach the authority (`release`), or their refund (`refund`,
 * `claim`) waits to be sent. Blocked: our team is on it; retried: we keep trying; held by the token's
 * issuer: what that means, that the money is safe in the escrow and moves by itself once lifted.
 * Never a raw code, and nothing while the settlement goes as it should.
 */
export function ApplicationSettlementNotice({ settlement }: { settlement: Settlement | null }) {
  const { t } = useTranslation("traveller");
  const code = settlementReason(settlement);
  if (settlement === null || !isSettlementDelayed(settlement) || code === null) return null;
  const visa = settlement.kind === "release";
  if (isHeldByIssuer(settlement)) {
    return (
      <div
        className="notice notice-warn"
        role="status"
        data-testid="settlement-notice"
        data-status="held"
        data-kind={settlement.kind}
      >
        <p>
          <strong>{t("settlement.heldTitle")}</strong>
        </p>
        <p>{t("settlement.heldWhat")}</p>
        <p>{visa ? t("settlement.heldVisa") : t("settlement.heldRefund")}</p>
        <p>{t("settlement.heldSafe")}</p>
      </div>
    );
  }
  const blocked = settlement.status === "blocked";
  const reason = t(`settlement.reason.${code}`);
  const message = visa
    ? blocked
      ? t("settlement.visaBlocked", { reason })
      : t("settlement.visaRetrying", { reason })
    : blocked
      ? t("settlement.refundBlocked", { reason })
      : t("settlement.refundRetrying", { reason });
  return (
    <div
      className="notice notice-warn"
      role="status"
      data-testid="settlement-notice"
      data-status={settlement.status}
      data-kind={settlement.kind}
    >
      <p>
        <strong>{visa ? t("settlement.visaDelayedTitle") : t("settlement.refundDelayedTitle")}</strong>
      </p>
      <p>{message}</p>
      <p>{blocked ? t("settlement.teamAlerted") : t("settlement.keepTrying")}</p>
    </div>
  );
}
