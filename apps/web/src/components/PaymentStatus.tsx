import { useTranslation } from "react-i18next";
import type { PaymentPhase } from "../api/usePayment.ts";
import type { SentPayment } from "./sentPayment.ts";
import { TxLink } from "./TxLink.tsx";

/** What is under way, most advanced first: the first that holds is said. */
export type PaymentActivity = {
  paid: boolean;
  /** The wallet and the relayer are at work on the payment, at this phase. */
  paying: { phase: PaymentPhase } | null;
  /** A sent payment is followed on the chain: the block it was seen in, once it was. */
  following: { block: number | null } | null;
  /** Confirmations seen so far (at most `required`), and how many count. */
  confirmations: { count: number; required: number };
  quoting: boolean;
  funding: boolean;
  loadingQuote: boolean;
};

/** Parameters of {@link PaymentStatus}. */
export type PaymentStatusProps = {
  activity: PaymentActivity;
  /** The payment sent and not refused by the chain: its transaction is linked. */
  sent: SentPayment | null;
};

/**
 * The payment's progress, said aloud (`role="status"`): preparing, signing, sending, the block it is
 * in and its confirmations, "paid"; and the transaction sent, with a link to it.
 *
 * @example
 * <PaymentStatus activity={activity} sent={reverted ? null : sent} />
 */
export function PaymentStatus({ activity, sent }: PaymentStatusProps) {
  const { t } = useTranslation("traveller");
  const { paid, paying, following } = activity;
  const { count, required } = activity.confirmations;
  let progress = "";
  if (paid) progress = t("progress.paid");
  else if (paying?.phase === "idle") progress = t("progress.preparing");
  else if (paying) progress = t(`progress.${paying.phase}`);
  else if (following && following.block !== null)
    progress = t("progress.confirming", { block: following.block, count, required });
  else if (following) progress = t("progress.sent");
  else if (activity.quoting) progress = t("progress.quoting");
  else if (activity.funding) progress = t("progress.funding");
  else if (activity.loadingQuote) progress = t("progress.loadingQuote");
  return (
    <>
      <p
        role="status"
        data-testid="payment-progress"
        className={paid ? "notice notice-ok" : progress ? "progress" : "visually-hidden"}
      >
        {progress}
      </p>
      {sent ? (
        <p className="muted">
          {t("pay.transaction")} <TxLink hash={sent.txHash} chainId={sent.chainId} />
        </p>
      ) : null}
    </>
  );
}
