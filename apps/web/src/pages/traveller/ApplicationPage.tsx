import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/ApiError.ts";
import { api } from "../../api/api.ts";
import { servedChain, useClientConfig } from "../../api/ClientConfigContext.tsx";
import { newIdempotencyKey } from "../../api/newIdempotencyKey.ts";
import { type AnswerField, isAnswerField } from "../../api/requiredFields.ts";
import type { ApplicationDetails } from "../../api/travellerTypes.ts";
import type { HistoryEntry, Product } from "../../api/types.ts";
import { supportingDocumentKinds } from "../../api/uploadApplicationDocument.ts";
import { applicationKey, useApplication } from "../../api/useApplication.ts";
import { useApplicationHistory } from "../../api/useApplicationHistory.ts";
import { useCatalogue } from "../../api/useCatalogue.ts";
import { useLiveConfirmations } from "../../api/useLiveConfirmations.ts";
import { useSession } from "../../api/useSession.ts";
import { useStatusFallback } from "../../api/useStatusFallback.ts";
import { useTransactionConfirmations } from "../../api/useTransactionConfirmations.ts";
import { AnswerFields } from "../../components/AnswerFields.tsx";
import { validateAnswers } from "../../components/answerValues.ts";
import { buildTimeline } from "../../components/buildTimeline.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { PaymentPanel } from "../../components/PaymentPanel.tsx";
import { QuoteSummary } from "../../components/QuoteSummary.tsx";
import { StateBadge } from "../../components/StateBadge.tsx";
import { loadSentPayment } from "../../components/sentPayment.ts";
import { Timeline } from "../../components/Timeline.tsx";
import { todayUtc } from "../../format/calendarDate.ts";
import { countryName } from "../../format/countries.ts";
import { formatDate, formatDateTime } from "../../format/formatMoney.ts";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { useSignIn } from "../../wallet/useSignIn.ts";
import { ApplicationDocumentUploads } from "./ApplicationDocumentUploads.tsx";
import { ApplicationSettlementNotice } from "./ApplicationSettlementNotice.tsx";
import { EvisaCard, SavedEvisaCard } from "./EvisaCard.tsx";
import { EmailNotice } from "./profile/EmailNotice.tsx";
import { RefundNotice } from "./RefundNotice.tsx";

/** The latest reason the officer gave when asking for information. */
function officerRequest(history: readonly HistoryEntry[] | undefined): string | null {
  const request = [...(history ?? [])].reverse().find((entry) => entry.event === "request_info");
  return request?.reason ?? null;
}

/**
 * The answers of a draft or of an application the officer asked about: edit them (`PATCH`), then
 * submit (`POST …/submit`), which hands a `needs_info` application back to the officer.
 */
function AnswerForm({
  application,
  product,
  reason,
}: {
  application: ApplicationDetails;
  product: Product;
  reason: string | null;
}) {
  const { t } = useTranslation("traveller");
  const queryClient = useQueryClient();
  const fields = product.requiredFields.filter(isAnswerField);
  const [values, setValues] = useState<Partial<Record<AnswerField, string>>>(application.answers);
  const [touched, setTouched] = useState<ReadonlySet<AnswerField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const errors = validateAnswers(fields, values, todayUtc());
  const shown = Object.fromEntries(
    Object.entries(errors).filter(([field]) => submitted || touched.has(field as AnswerField)),
  );
  const needsInfo = application.state === "needs_info";
  const send = useMutation({
    mutationFn: async () => {
      const changed = Object.fromEntries(
        fields.flatMap((field) => {
          const value = values[field]?.trim() ?? "";
          return value !== (application.answers[field] ?? "") ? [[field, value || null]] : [];
        }),
      );
      if (Object.keys(changed).length > 0) {
        await api<ApplicationDetails>("PATCH", `/applications/${application.id}`, { body: { answers: changed } });
      }
      return api<ApplicationDetails>("POST", `/applications/${application.id}/submit`, {
        idempotencyKey: newIdempotencyKey(),
      });
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(applicationKey(application.id), updated);
      void queryClient.invalidateQueries({ queryKey: ["history", application.id] });
      void queryClient.invalidateQueries({ queryKey: ["applications"] });
    },
  });
  const uploadedKinds = application.documents.map((document) => document.kind);
  const documentsMissing =
    application.requestedDocuments.length > 0 ||
    supportingDocumentKinds(product).some((kind) => !uploadedKinds.includes(kind));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const first = fields.find((field) => errors[field]);
    if (first) {
      setSubmitted(true);
      document.getElementById(first === "travel_dates" ? "info-travel_dates-start" : `info-${first}`)?.focus();
      return;
    }
    if (documentsMissing) {
      setSubmitted(true);
      return;
    }
    send.mutate();
  };
  return (
    <section className="card stack" id="answer" aria-labelledby="answer-title" data-testid="answer-form">
      <h2 id="answer-title" style={{ marginTop: 0 }}>
        {needsInfo ? t("application.needsInfoTitle") : t("application.draftTitle")}
      </h2>
      {needsInfo ? (
        <div className="notice notice-warn">
          <p>{t("application.officerAsks")}</p>
          <blockquote data-testid="officer-reason" style={{ margin: 0, fontWeight: 600 }}>
            {reason ?? t("application.noReason")}
          </blockquote>
        </div>
      ) : null}
      <form noValidate onSubmit={submit} className="stack">
        {fields.length > 0 ? (
          <AnswerFields
            fields={fields}
            values={values}
            idPrefix="info"
            errors={shown}
            onChange={(field, value) => setValues((current) => ({ ...current, [field]: value }))}
            onBlur={(field) => setTouched((current) => new Set(current).add(field))}
          />
        ) : (
          <p>{t("application.nothingToEdit")}</p>
        )}
        <ApplicationDocumentUploads application={application} product={product} showMissing={submitted} />
        <p role="status" className={send.isPending ? "progress" : "visually-hidden"}>
          {send.isPending ? t("application.sending") : send.isSuccess ? t("application.sent") : ""}
        </p>
        {send.error ? <ErrorNotice error={send.error} actions={{ retry: () => send.mutate() }} /> : null}
        <button type="submit" className="button" data-testid="answer-submit" disabled={send.isPending}>
          {needsInfo ? t("application.sendToOfficer") : t("visa.submit")}
        </button>
      </form>
    </section>
  );
}

/** Withdraws an application before it is paid, after a second click. */
function CancelButton({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation("traveller");
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () =>
      api<ApplicationDetails>("POST", `/applications/${applicationId}/cancel`, {
        idempotencyKey: newIdempotencyKey(),
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(applicationKey(applicationId), updated);
      void queryClient.invalidateQueries({ queryKey: ["history", applicationId] });
      void queryClient.invalidateQueries({ queryKey: ["applications"] });
    },
  });
  return (
    <section className="stack" aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t("application.cancelTitle")}</h2>
      <p className="muted">{t("application.cancelHint")}</p>
      {confirming ? (
        <div className="row">
          <span id="cancel-question">{t("application.cancelConfirm")}</span>
          <button
            type="button"
            className="button button-danger"
            data-testid="cancel-confirm"
            aria-describedby="cancel-question"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate()}
          >
            {t("application.cancelYes")}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
            {t("application.cancelNo")}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button button-quiet"
          data-testid="cancel-application"
          onClick={() => setConfirming(true)}
        >
          {t("application.cancel")}
        </button>
      )}
      {cancel.error ? <ErrorNotice error={cancel.error} actions={{ retry: () => cancel.mutate() }} /> : null}
    </section>
  );
}

/**
 * One application (`/applications/:id`): its state, facts and quote; the payment when it is due
 * (resumed where it was); the officer's question with a way to answer; cancelling while allowed;
 * and the live timeline — payment seen, confirmations counted, review, decision, release or refund,
 * each with its time and transaction; a release or refund that is late says why; once issued, the
 * e-visa card (shown from this device's copy when the server cannot be reached). Follows changes
 * live (the stream, else polling the status).
 */
export function ApplicationPage() {
  const { t, i18n } = useTranslation("traveller");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  const { id } = useParams();
  const config = useClientConfig();
  const { me, isLoading: sessionLoading, error: sessionError } = useSession();
  const signIn = useSignIn();
  const catalogue = useCatalogue();
  const application = useApplication(me ? id : undefined);
  const history = useApplicationHistory(me ? id : undefined);
  useStatusFallback(id, Boolean(me));
  const liveConfirmations = useLiveConfirmations(id);
  const [, setSentVersion] = useState(0);
  const sent = id ? loadSentPayment(id) : null;
  const data = application.data;
  const following = data?.state === "payment_pending" ? sent?.txHash : undefined;
  const chain = useTransactionConfirmations(following, sent?.chainId);

  if (sessionLoading) {
    return (
      <p className="progress" role="status">
        {t("common:loading")}
      </p>
    );
  }
  if (!me) {
    return (
      <div className="stack">
        <h1>{t("application.title")}</h1>
        {isNetworkDown(sessionError) ? (
          // Offline nobody is known to be signed in: say so, not "sign in", and show the kept e-visa.
          <>
            <ErrorNotice error={sessionError} />
            {id ? <SavedEvisaCard applicationId={id} /> : null}
          </>
        ) : (
          <ErrorNotice
            error={new ApiError({ status: 401, code: "ENTRADA_UNAUTHENTICATED", message: "sign in" })}
            actions={{ signIn: () => signIn.mutate(undefined) }}
          />
        )}
        {signIn.error ? <ErrorNotice error={signIn.error} /> : null}
      </div>
    );
  }
  if (application.isLoading) {
    return (
      <p className="progress" role="status">
        {t("apply.loadingApplication")}
      </p>
    );
  }
  if (application.error || !data) {
    return (
      <div className="stack">
        <h1>{t("application.title")}</h1>
        <ErrorNotice error={application.error} actions={{ retry: () => void application.refetch() }} />
        {id && isNetworkDown(application.error) ? <SavedEvisaCard applicationId={id} /> : null}
        <Link to="/applications">{t("application.back")}</Link>
      </div>
    );
  }

  const product = catalogue.data?.product.get(data.productId);
  const authority = catalogue.data?.authority.get(data.authorityId);
  const deadline = data.decisionDeadline ?? data.quote?.decisionDeadline ?? null;
  const paymentDue = data.state === "submitted" || data.state === "payment_pending";
  const canAnswer = data.state === "needs_info" || (data.state === "draft" && data.actions.includes("submit"));
  const entries = buildTimeline({
    history: history.data ?? [],
    state: data.state,
    // Counted on the chain of the quote (of the payment this browser sent, before a quote is read).
    required: servedChain(config, data.quote?.chainId ?? sent?.chainId).confirmations,
    payment: following
      ? {
          txHash: following,
          block: chain.receipt ? Number(chain.receipt.blockNumber) : undefined,
          confirmations: chain.confirmations,
        }
      : undefined,
    liveConfirmations,
    decisionDeadline: deadline,
  });

  return (
    <div className="stack">
      <p>
        <Link to="/applications">{t("application.back")}</Link>
      </p>
      <h1>
        {product ? nameOf(product) : data.productId}{" "}
        <span data-testid="application-state">
          <StateBadge state={data.state} />
        </span>
      </h1>

      {data.state === "issued" || data.state === "approved" ? (
        <p className="notice notice-ok">{t(`outcome.${data.state}`)}</p>
      ) : null}
      <RefundNotice application={data} history={history.data} />
      <EmailNotice />
      <ApplicationSettlementNotice settlement={data.settlement} />
      {data.state === "issued" ? <EvisaCard applicationId={data.id} userId={me.id} product={product} /> : null}

      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title" style={{ marginTop: 0 }}>
          {t("application.factsTitle")}
        </h2>
        <dl className="facts">
          <dt>{t("application.reference")}</dt>
          <dd className="mono" data-testid="application-id" data-application-id={data.id}>
            {data.reference}
          </dd>
          <dt>{t("product.authority")}</dt>
          <dd>{authority ? nameOf(authority) : data.authorityId}</dd>
          <dt>{t("application.applicant")}</dt>
          <dd>
            {data.applicant.givenNames} {data.applicant.surname} · {countryName(data.applicant.nationality, language)}
          </dd>
          <dt>{t("application.passport")}</dt>
          <dd>
            {t("application.passportValue", {
              number: data.applicant.passportNumber,
              date: formatDate(data.applicant.passportExpiryDate, language),
            })}
          </dd>
          <dt>{t("application.created")}</dt>
          <dd>{formatDateTime(data.createdAt, language)}</dd>
          <dt>{t("application.updated")}</dt>
          <dd>{formatDateTime(data.updatedAt, language)}</dd>
          {deadline ? (
            <>
              <dt>{t("application.deadline")}</dt>
              <dd>{formatDateTime(deadline, language)}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {paymentDue ? <PaymentPanel application={data} onSent={() => setSentVersion((v) => v + 1)} /> : null}

      {canAnswer && product ? (
        <AnswerForm
          key={`${data.state}-${data.updatedAt}`}
          application={data}
          product={product}
          reason={officerRequest(history.data)}
        />
      ) : null}

      {data.quote && !paymentDue ? (
        <section className="card" aria-labelledby="quote-title">
          <h2 id="quote-title" style={{ marginTop: 0 }}>
            {t("application.quoteTitle")}
          </h2>
          <QuoteSummary quote={data.quote} />
        </section>
      ) : null}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("application.timelineTitle")}</h2>
        {history.error ? <ErrorNotice error={history.error} actions={{ retry: () => void history.refetch() }} /> : null}
        {history.data ? (
          <Timeline
            entries={entries}
            chainId={data.quote?.chainId}
            extra={(entry) =>
              entry.kind === "request_info" &&
              data.state === "needs_info" &&
              entry.id === lastRequestId(history.data) ? (
                <a href="#answer">{t("application.answerNow")}</a>
              ) : null
            }
          />
        ) : (
          <p className="progress" role="status">
            {t("apply.loadingApplication")}
          </p>
        )}
      </section>

      {data.actions.includes("cancel") ? <CancelButton applicationId={data.id} /> : null}
    </div>
  );
}

/** Whether the server could not be reached (offline): then the e-visa kept on this device is shown. */
function isNetworkDown(error: unknown): boolean {
  return error instanceof ApiError && error.code === "NETWORK_DOWN";
}

/** The id of the latest request for information. */
function lastRequestId(history: readonly HistoryEntry[]): string | undefined {
  return [...history].reverse().find((entry) => entry.event === "request_info")?.id;
}
