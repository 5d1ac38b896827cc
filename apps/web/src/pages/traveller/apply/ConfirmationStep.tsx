import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { servedChain, useClientConfig } from "../../../api/ClientConfigContext.tsx";
import type { Authority, Product } from "../../../api/types.ts";
import { useApplication } from "../../../api/useApplication.ts";
import { useApplicationHistory } from "../../../api/useApplicationHistory.ts";
import { useLiveConfirmations } from "../../../api/useLiveConfirmations.ts";
import { useSession } from "../../../api/useSession.ts";
import { useStatusFallback } from "../../../api/useStatusFallback.ts";
import { buildTimeline } from "../../../components/buildTimeline.ts";
import { ErrorNotice } from "../../../components/ErrorNotice.tsx";
import { useFormatHours } from "../../../components/ProductFacts.tsx";
import { StateBadge } from "../../../components/StateBadge.tsx";
import { Timeline } from "../../../components/Timeline.tsx";
import { formatDateTime } from "../../../format/formatMoney.ts";
import { useCatalogueName } from "../../../i18n/useCatalogueName.ts";

/** Parameters of {@link ConfirmationStep}. */
export type ConfirmationStepProps = {
  applicationId: string;
  product: Product;
  authority: Authority | undefined;
};

/**
 * The end of the one-stop flow: the application's reference, what happens next (the officer decides
 * within the authority's time; a rejection or no decision by the deadline refunds the fee) and the
 * live timeline.
 *
 * @example
 * <ConfirmationStep applicationId={id} product={product} authority={authority} />
 */
export function ConfirmationStep({ applicationId, product, authority }: ConfirmationStepProps) {
  const { t, i18n } = useTranslation("traveller");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  const config = useClientConfig();
  const { me } = useSession();
  const formatHours = useFormatHours();
  const application = useApplication(applicationId);
  const history = useApplicationHistory(applicationId);
  const liveConfirmations = useLiveConfirmations(applicationId);
  useStatusFallback(applicationId, Boolean(me));
  const data = application.data;
  const deadline = data?.decisionDeadline ?? data?.quote?.decisionDeadline ?? null;
  return (
    <div className="stack" data-testid="confirmation-step">
      <div className="notice notice-ok">
        <p>{t("confirmation.thanks", { product: nameOf(product) })}</p>
        <p>
          {t("confirmation.reference")}{" "}
          <strong className="mono" data-testid="application-id" data-application-id={applicationId}>
            {data?.reference ?? "…"}
          </strong>
        </p>
      </div>
      {data ? (
        <p>
          {t("confirmation.state")} <StateBadge state={data.state} />
        </p>
      ) : null}
      <section aria-labelledby="next-title">
        <h3 id="next-title">{t("confirmation.nextTitle")}</h3>
        <ol>
          <li>
            {t("confirmation.nextReview", {
              authority: authority ? nameOf(authority) : product.authorityId,
              time: formatHours(authority?.processingSlaHours ?? product.processingHours.max),
            })}
            {deadline ? ` ${t("confirmation.deadline", { date: formatDateTime(deadline, language) })}` : ""}
          </li>
          <li>{t("confirmation.nextApproved")}</li>
          <li>{t("confirmation.nextRefund")}</li>
          <li>{t("confirmation.nextNotify")}</li>
        </ol>
      </section>
      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">{t("application.timelineTitle")}</h3>
        {application.error ? (
          <ErrorNotice error={application.error} actions={{ retry: () => void application.refetch() }} />
        ) : null}
        {data && history.data ? (
          <Timeline
            entries={buildTimeline({
              history: history.data,
              state: data.state,
              required: servedChain(config, data.quote?.chainId).confirmations,
              liveConfirmations,
              decisionDeadline: deadline,
            })}
            chainId={data.quote?.chainId}
          />
        ) : (
          <p className="progress" role="status">
            {t("apply.loadingApplication")}
          </p>
        )}
      </section>
      <div className="row">
        <Link className="button" to={`/applications/${applicationId}`} data-testid="view-application">
          {t("confirmation.viewApplication")}
        </Link>
        <Link className="button button-quiet" to="/applications">
          {t("confirmation.allApplications")}
        </Link>
      </div>
    </div>
  );
}
