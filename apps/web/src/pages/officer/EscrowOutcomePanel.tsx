import type { Ref } from "react";
import { useTranslation } from "react-i18next";
import type { Money } from "../../api/types.ts";
import { TxLink } from "../../components/TxLink.tsx";
import { formatMoney } from "../../format/formatMoney.ts";
import type { EscrowOutcome } from "./escrowOutcome.ts";

/**
 * Where the escrowed fee stands, updated live as the chain settles it: held → release sent → released
 * (issued), or held → refund sent → refunded; still held while its settlement is blocked. Announced politely to screen readers as it changes;
 * focusable, so that the page can move focus here after a decision.
 */
export function EscrowOutcomePanel({
  outcome,
  authorityAmount,
  total,
  chainId,
  ref,
}: {
  outcome: EscrowOutcome;
  /** What `release` pays the authority (the quote's token amount). */
  authorityAmount: Money | null;
  /** What the payer paid, and gets back on a refund. */
  total: Money | null;
  /** The chain the fee was paid on, where its settlement is (absent: the default chain). */
  chainId?: number | undefined;
  ref?: Ref<HTMLDivElement>;
}) {
  const { t, i18n } = useTranslation("officer");
  const language = i18n.resolvedLanguage ?? "en";
  const amount = (money: Money | null) =>
    money ? formatMoney(money, language, { precision: "exact" }) : t("escrow.unknownAmount");
  const settled = outcome.kind === "released" || outcome.kind === "refunded";
  const sent = outcome.kind === "releaseSent" || outcome.kind === "refundSent";
  const txHash = "txHash" in outcome ? outcome.txHash : null;

  let title: string | null = null;
  let message: string;
  switch (outcome.kind) {
    case "held":
      message = t("escrow.held", { amount: amount(total) });
      break;
    case "releaseSent":
      title = t("escrow.releaseSentTitle");
      message = outcome.txHash
        ? t("escrow.releaseSent", { amount: amount(authorityAmount) })
        : t("escrow.releasePending", { amount: amount(authorityAmount) });
      break;
    case "released":
      title = t("escrow.releasedTitle");
      message = t("escrow.released", { amount: amount(authorityAmount) });
      break;
    case "refundSent":
      title = t("escrow.refundSentTitle");
      message = outcome.txHash
        ? t("escrow.refundSent", { amount: amount(total) })
        : t("escrow.refundPending", { amount: amount(total) });
      break;
    case "refunded":
      title = t("escrow.refundedTitle");
      message = outcome.claimed
        ? t("escrow.claimed", { amount: amount(total) })
        : t("escrow.refunded", { amount: amount(total) });
      break;
    case "expired":
      message = t("escrow.expired", { amount: amount(total) });
      break;
    case "blocked":
      message = t("escrow.blocked", { amount: amount(total) });
      break;
  }

  return (
    <div
      ref={ref}
      tabIndex={-1}
      className={`notice outcome ${settled ? "notice-ok" : outcome.kind === "expired" || outcome.kind === "blocked" ? "notice-warn" : ""}`}
      role="status"
      data-testid="escrow-outcome"
      data-outcome={outcome.kind}
    >
      {title ? (
        <p>
          <strong>{title}</strong>
        </p>
      ) : null}
      <p>{message}</p>
      {txHash ? (
        <p>
          {t("escrow.transaction")} <TxLink hash={txHash} chainId={chainId} />
        </p>
      ) : null}
      {sent ? <p className="progress">{t("escrow.waitingForChain")}</p> : null}
    </div>
  );
}
