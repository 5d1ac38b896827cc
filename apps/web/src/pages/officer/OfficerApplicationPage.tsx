import { useQuery } from "@tanstack/react-query";
import { Fragment, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Application, HistoryEntry } from "../../api/types.ts";
import { ChainFact } from "../../components/ChainFact.tsx";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { StateBadge } from "../../components/StateBadge.tsx";
import { TxLink } from "../../components/TxLink.tsx";
import { formatDate, formatDateTime, formatMoney } from "../../format/formatMoney.ts";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { ApplicationDocuments } from "./ApplicationDocuments.tsx";
import { DecisionPanel } from "./DecisionPanel.tsx";
import { decisionActions } from "./decisionActions.ts";
import { EscrowOutcomePanel } from "./EscrowOutcomePanel.tsx";
import { EvisaPanel } from "./EvisaPanel.tsx";
import { escrowOutcome } from "./escrowOutcome.ts";
import { HistoryTimeline } from "./HistoryTimeline.tsx";
import { isOverdue } from "./isOverdue.ts";
import { fetchHistory, fetchOfficerApplication, fetchProduct, officerKeys } from "./officerQueries.ts";
import type { Settlement } from "./officerTypes.ts";
import { answerFields, isOneOf, verificationStatuses } from "./officerVocabulary.ts";
import { type Officer, RequireOfficer } from "./RequireOfficer.tsx";
import { SettlementPanel } from "./SettlementPanel.tsx";
import { shortId } from "./shortId.ts";
import { type DecisionOutcome, useDecision } from "./useDecision.ts";
import { useNow } from "./useNow.ts";

/**
 * `/officer/applications/:id`: one application of the officer's authority — the applicant's passport
 * data, answers, documents, payment and audit trail — and the decision: ask for information, approve
 * (release) or reject (refund), then the escrow's outcome, live, until the chain has settled it; a
 * settlement that is blocked shows why, with a button to retry it; once issued, the e-visa, which the
 * officer may revoke.
 */
export default function OfficerApplicationPage() {
  const { id = "" } = useParams();
  return <RequireOfficer>{(officer) => <ApplicationReview officer={officer} id={id} />}</RequireOfficer>;
}

function ApplicationReview({ officer, id }: { officer: Officer; id: string }) {
  const { t, i18n } = useTranslation("officer");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  const { authorityId } = officer;
  const now = useNow();
  const application = useQuery({
    queryKey: officerKeys.application(authorityId, id),
    queryFn: ({ signal }) => fetchOfficerApplication(id, signal),
  });
  const history = useQuery({
    queryKey: officerKeys.history(authorityId, id),
    queryFn: ({ signal }) => fetchHistory(id, signal),
    enabled: application.isSuccess,
  });
  const productId = application.data?.productId;
  const product = useQuery({
    queryKey: officerKeys.product(productId ?? ""),
    queryFn: ({ signal }) => fetchProduct(productId!, signal),
    enabled: productId !== undefined,
    staleTime: 10 * 60_000,
  });
  const decide = useDecision(authorityId, id);
  const [decided, setDecided] = useState<DecisionOutcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const infoRequestedRef = useRef<HTMLParagraphElement>(null);

  // After a decision, focus what it produced: the escrow's outcome, or the information request's note.
  useEffect(() => {
    if (decided === null) return;
    (decided.action === "request_info" ? infoRequestedRef : outcomeRef).current?.focus();
  }, [decided]);

  if (application.isLoading) {
    return (
      <p className="progress" role="status">
        {t("application.loading")}
      </p>
    );
  }
  if (application.error || !application.data) {
    return (
      <div className="stack">
        <p>
          <Link to="/officer">{t("application.back")}</Link>
        </p>
        <h1 tabIndex={-1}>{t("application.title", { id: shortId(id) })}</h1>
        <ErrorNotice error={application.error} actions={{ retry: () => void application.refetch() }} />
      </div>
    );
  }

  const data = application.data;
  const entries = history.data ?? [];
  const actions = decisionActions(data.actions);
  // The application carries its settlement; the decision's answer has it too, as it was then.
  const settlement: Settlement | null = data.settlement ?? decided?.settlement ?? null;
  const outcome = escrowOutcome({ state: data.state, history: entries, settlement });
  const paidQuote = data.quote?.status === "paid" ? data.quote : null;
  const overdue = isOverdue(data, now);

  return (
    <div className="stack" data-testid="officer-application" data-state={data.state}>
      <p>
        <Link to="/officer">{t("application.back")}</Link>
      </p>
      <div className="page-heading">
        <div>
          <h1 tabIndex={-1}>{t("application.title", { id: data.reference })}</h1>
        </div>
        <StateBadge state={data.state} />
      </div>

      <section className="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="visually-hidden">
          {t("application.summary")}
        </h2>
        <dl className="facts">
          <dt>{t("application.product")}</dt>
          <dd>{product.data ? nameOf(product.data) : data.productId}</dd>
          <dt>{t("application.created")}</dt>
          <dd>
            <time dateTime={data.createdAt}>{formatDateTime(data.createdAt, language)}</time>
          </dd>
          <dt>{t("application.deadline")}</dt>
          <dd>
            {data.decisionDeadline ? (
              <time dateTime={data.decisionDeadline}>{formatDateTime(data.decisionDeadline, language)}</time>
            ) : (
              t("application.none")
            )}
            {overdue ? (
              <>
                {" "}
                <span className="badge badge-bad">{t("queue.overdue")}</span>
              </>
            ) : null}
          </dd>
        </dl>
      </section>

      <Applicant application={data} />
      <Answers application={data} />

      <ApplicationDocuments
        documents={data.documents}
        required={product.data?.requiredDocuments ?? null}
        requested={data.requestedDocuments}
      />
      {product.error ? <ErrorNotice error={product.error} /> : null}

      <section className="card" aria-labelledby="payment-heading">
        <h2 id="payment-heading">{t("payment.title")}</h2>
        {data.quote ? (
          <dl className="facts" data-testid="payment">
            <dt>{t("payment.visaFee")}</dt>
            <dd>{formatMoney(data.quote.visaFee, language, { precision: "exact" })}</dd>
            <dt>{t("payment.authorityAmount")}</dt>
            <dd>{formatMoney(data.quote.tokenAmount, language, { precision: "exact" })}</dd>
            <dt>{t("payment.platformFee")}</dt>
            <dd>{formatMoney(data.quote.platformFee, language, { precision: "exact" })}</dd>
            <dt>{t("payment.total")}</dt>
            <dd>
              <strong>{formatMoney(data.quote.total, language, { precision: "exact" })}</strong>
            </dd>
            <ChainFact chainId={data.quote.chainId} />
            <dt>{t("payment.payer")}</dt>
            <dd className="mono">{data.quote.payer ?? t("application.none")}</dd>
            <dt>{t("payment.status")}</dt>
            <dd>{paidQuote ? t("payment.paid") : t("payment.notPaid")}</dd>
            <dt>{t("payment.transaction")}</dt>
            <dd>
              <PaymentTx entries={entries} chainId={data.quote.chainId} />
            </dd>
          </dl>
        ) : (
          <p>{t("payment.noQuote")}</p>
        )}
      </section>

      <section className="card" aria-labelledby="decision-heading">
        <h2 id="decision-heading">{t("decision.title")}</h2>
        {actions.length > 0 ? (
          <>
            {data.state === "needs_info" ? <p>{t("decision.waitingForApplicant")}</p> : null}
            <DecisionPanel
              key={data.state}
              actions={actions}
              refund={data.quote?.total ?? null}
              pending={decide.isPending ? (decide.variables?.action ?? null) : null}
              onDecide={(variables) =>
                decide.mutate(variables, {
                  onSuccess: (result) => setDecided(result),
                })
              }
            />
          </>
        ) : (
          <p>{t("decision.none")}</p>
        )}
        {decided?.action === "request_info" && data.state === "needs_info" ? (
          <p ref={infoRequestedRef} tabIndex={-1} className="notice notice-ok" role="status">
            {t("decision.infoRequested")}
          </p>
        ) : null}
        {decide.error ? (
          <ErrorNotice
            error={decide.error}
            actions={{
              retry: () => {
                if (decide.variables) {
                  decide.mutate(decide.variables, { onSuccess: (result) => setDecided(result) });
                }
              },
            }}
          />
        ) : null}
        {settlement ? (
          <SettlementPanel authorityId={authorityId} applicationId={data.id} settlement={settlement} />
        ) : null}
        {outcome ? (
          <>
            <h3>{t("escrow.title")}</h3>
            <EscrowOutcomePanel
              ref={outcomeRef}
              outcome={outcome}
              authorityAmount={data.quote?.tokenAmount ?? null}
              total={data.quote?.total ?? null}
              chainId={data.quote?.chainId}
            />
          </>
        ) : null}
      </section>

      {data.state === "issued" ? <EvisaPanel authorityId={authorityId} applicationId={data.id} /> : null}

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t("history.title")}</h2>
        {history.error ? (
          <ErrorNotice error={history.error} actions={{ retry: () => void history.refetch() }} />
        ) : history.isLoading ? (
          <p className="progress" role="status">
            {t("history.loading")}
          </p>
        ) : (
          <HistoryTimeline entries={entries} chainId={data.quote?.chainId} />
        )}
      </section>
    </div>
  );
}

/** The payment's transaction, from the trail's confirmation entry, on the quote's chain. */
function PaymentTx({ entries, chainId }: { entries: readonly HistoryEntry[]; chainId: number }) {
  const { t } = useTranslation("officer");
  const paid = [...entries].reverse().find((entry) => entry.event === "confirm_payment" && entry.txHash);
  return paid?.txHash ? (
    <TxLink hash={paid.txHash} chainId={chainId} />
  ) : (
    <span className="muted">{t("application.none")}</span>
  );
}

/** The applicant's passport data, as typed or verified. */
function Applicant({ application }: { application: Application }) {
  const { t, i18n } = useTranslation("officer");
  const language = i18n.resolvedLanguage ?? "en";
  const { applicant } = application;
  return (
    <section className="card" aria-labelledby="applicant-heading">
      <h2 id="applicant-heading">{t("applicant.title")}</h2>
      <dl className="facts" data-testid="applicant">
        <dt>{t("applicant.surname")}</dt>
        <dd>{applicant.surname}</dd>
        <dt>{t("applicant.givenNames")}</dt>
        <dd>{applicant.givenNames}</dd>
        <dt>{t("applicant.dateOfBirth")}</dt>
        <dd>{formatDate(applicant.dateOfBirth, language)}</dd>
        <dt>{t("applicant.sex")}</dt>
        <dd>
          {applicant.sex === "F"
            ? t("applicant.sexF")
            : applicant.sex === "M"
              ? t("applicant.sexM")
              : applicant.sex === "X"
                ? t("applicant.sexX")
                : t("application.none")}
        </dd>
        <dt>{t("applicant.nationality")}</dt>
        <dd>{applicant.nationality}</dd>
        <dt>{t("applicant.passportNumber")}</dt>
        <dd className="mono">{applicant.passportNumber}</dd>
        <dt>{t("applicant.passportIssuingCountry")}</dt>
        <dd>{applicant.passportIssuingCountry}</dd>
        <dt>{t("applicant.passportExpiryDate")}</dt>
        <dd>{formatDate(applicant.passportExpiryDate, language)}</dd>
        <dt>{t("applicant.verification")}</dt>
        <dd>
          {isOneOf(verificationStatuses, applicant.verificationStatus)
            ? t(`verification.${applicant.verificationStatus}`)
            : applicant.verificationStatus}
        </dd>
      </dl>
    </section>
  );
}

/** The application's answers, in the catalogue's field order. */
function Answers({ application }: { application: Application }) {
  const { t } = useTranslation("officer");
  const entries = Object.entries(application.answers).sort(
    ([a], [b]) =>
      (answerFields as readonly string[]).indexOf(a) - (answerFields as readonly string[]).indexOf(b) ||
      a.localeCompare(b),
  );
  return (
    <section className="card" aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t("answers.title")}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t("answers.none")}</p>
      ) : (
        <dl className="facts" data-testid="answers">
          {entries.map(([field, value]) => (
            <Fragment key={field}>
              <dt>{isOneOf(answerFields, field) ? t(`answer.${field}`) : field}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </section>
  );
}
