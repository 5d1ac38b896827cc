import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApplication } from "../../../api/useApplication.ts";
import { useSession } from "../../../api/useSession.ts";
import { useStatusFallback } from "../../../api/useStatusFallback.ts";
import { ErrorNotice } from "../../../components/ErrorNotice.tsx";
import { PaymentPanel } from "../../../components/PaymentPanel.tsx";
import { useSignIn } from "../../../wallet/useSignIn.ts";
import { EmailNotice } from "../profile/EmailNotice.tsx";

/** Parameters of {@link PaymentStep}. */
export type PaymentStepProps = {
  applicationId: string;
  onPaid: () => void;
  /** The application is still a draft (its submission failed): back to the visa step. */
  onNotSubmitted: () => void;
  onStartOver: () => void;
};

/**
 * The payment step of the one-stop flow: the application's payment panel, following the application
 * live (the stream, or polling its status while the stream is down) until it is paid.
 *
 * @example
 * <PaymentStep applicationId={draft.applicationId} onPaid={() => go("confirmation")} … />
 */
export function PaymentStep({ applicationId, onPaid, onNotSubmitted, onStartOver }: PaymentStepProps) {
  const { t } = useTranslation("traveller");
  const { me } = useSession();
  const signIn = useSignIn();
  const application = useApplication(applicationId);
  useStatusFallback(applicationId, Boolean(me));
  if (application.isLoading) {
    return (
      <p className="progress" role="status">
        {t("apply.loadingApplication")}
      </p>
    );
  }
  if (application.error || !application.data) {
    return (
      <div className="stack">
        <ErrorNotice
          error={application.error}
          actions={{ retry: () => void application.refetch(), signIn: () => signIn.mutate(undefined) }}
        />
        <button type="button" className="button button-quiet" onClick={onStartOver}>
          {t("identity.startOver")}
        </button>
      </div>
    );
  }
  if (application.data.state === "draft") {
    return (
      <div className="notice notice-warn">
        <p>{t("apply.notSubmitted")}</p>
        <button type="button" className="button" onClick={onNotSubmitted}>
          {t("apply.back")}
        </button>
      </div>
    );
  }
  if (application.data.state === "cancelled") {
    return (
      <div className="notice notice-warn">
        <p>{t("apply.cancelled")}</p>
        <button type="button" className="button" onClick={onStartOver}>
          {t("identity.startOver")}
        </button>
      </div>
    );
  }
  return (
    <>
      {/* Signed in only now (with the submit), the traveller may have no verified address yet. */}
      <EmailNotice />
      <PaymentPanel application={application.data} onPaid={onPaid} />
      <p className="hint">
        {t("apply.paymentLater")} <Link to={`/applications/${applicationId}`}>{t("apply.openApplication")}</Link>
      </p>
    </>
  );
}
