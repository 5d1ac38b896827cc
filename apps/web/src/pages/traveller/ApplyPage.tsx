import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { newIdempotencyKey } from "../../api/newIdempotencyKey.ts";
import type { Authority, Product } from "../../api/types.ts";
import { useCatalogue } from "../../api/useCatalogue.ts";
import { joinTravelDates } from "../../components/answerValues.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { StepIndicator } from "../../components/StepIndicator.tsx";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { SharedIdentityNote } from "../../identity/SharedIdentityNote.tsx";
import {
  type ApplyDraft,
  type ApplyStep,
  applySteps,
  clearDraft,
  loadDraft,
  newDraft,
  saveDraft,
} from "./apply/applyDraft.ts";
import { ConfirmationStep } from "./apply/ConfirmationStep.tsx";
import { IdentityStep } from "./apply/IdentityStep.tsx";
import { PaymentStep } from "./apply/PaymentStep.tsx";
import { VisaStep } from "./apply/VisaStep.tsx";
import { loadTrip } from "./tripQuery.ts";

/** A new draft, prefilled from the trip checked on the home page. */
function startDraft(productId: string): ApplyDraft {
  const trip = loadTrip();
  const draft = newDraft(productId, newIdempotencyKey(), {
    nationality: trip.nationality,
    passport_issuing_country: trip.nationality,
    date_of_birth: trip.birthDate,
  });
  return trip.travelDate ? { ...draft, answers: { travel_dates: joinTravelDates(trip.travelDate, "") } } : draft;
}

/** The flow for one product: the steps, the draft kept in this browser, focus on each step's heading. */
function ApplyFlow({ product, authority }: { product: Product; authority: Authority | undefined }) {
  const { t } = useTranslation("traveller");
  const nameOf = useCatalogueName();
  const [params, setParams] = useSearchParams();
  const confirmedId = params.get("application");
  const [draft, setDraft] = useState<ApplyDraft>(() => loadDraft(product.id) ?? startDraft(product.id));
  const step: ApplyStep = confirmedId ? "confirmation" : draft.step;
  const heading = useRef<HTMLHeadingElement>(null);
  const previousStep = useRef(step);

  // Every change is kept, so a reload continues here; not once the application is complete (the
  // router's URL update may land a render after the state's, hence the flag).
  const completed = useRef(Boolean(confirmedId));
  useEffect(() => {
    if (confirmedId) completed.current = true;
    else if (completed.current) {
      // Back to /apply/<product> after a confirmation: a new application starts.
      completed.current = false;
      setDraft(startDraft(product.id));
      return;
    }
    if (!completed.current) saveDraft(draft);
  }, [draft, confirmedId, product.id]);

  // A new step takes the focus to its heading, so that screen readers and keyboards start there.
  useEffect(() => {
    if (previousStep.current === step) return;
    previousStep.current = step;
    heading.current?.focus();
  }, [step]);

  const update = useCallback((change: Partial<ApplyDraft>) => setDraft((current) => ({ ...current, ...change })), []);
  const go = (next: ApplyStep) => update({ step: next });
  const startOver = () => {
    clearDraft(product.id);
    setDraft(startDraft(product.id));
    setParams({}, { replace: true });
  };
  const onPaid = useCallback(() => {
    const applicationId = draft.applicationId;
    if (!applicationId) return;
    // Complete: the passport data leaves this browser's storage; the confirmation lives in the URL.
    completed.current = true;
    clearDraft(product.id);
    setParams({ application: applicationId }, { replace: true });
  }, [draft.applicationId, product.id, setParams]);

  const steps = applySteps.map((id) => ({ id, label: t(`step.${id}`) }));
  return (
    <div className="stack">
      <h1>{t("apply.title", { product: nameOf(product) })}</h1>
      <StepIndicator steps={steps} current={step} label={t("apply.progressLabel")} />
      <h2 ref={heading} tabIndex={-1} data-testid="step-heading" data-step={step}>
        {t(`stepTitle.${step}`)}
      </h2>
      {step === "identity" ? (
        <IdentityStep
          productId={product.id}
          authorityName={authority ? nameOf(authority) : product.authorityId}
          values={draft.identity}
          onChange={(identity) => update({ identity })}
          onNext={() => go("visa")}
          locked={Boolean(draft.applicationId)}
          onStartOver={startOver}
          presentation={draft.presentation}
          onPresented={(presentation) => update({ presentation })}
        />
      ) : null}
      {step === "visa" && draft.presentation ? (
        <SharedIdentityNote
          presentation={draft.presentation}
          authorityName={authority ? nameOf(authority) : product.authorityId}
        />
      ) : null}
      {step === "visa" ? (
        <VisaStep
          product={product}
          authority={authority}
          draft={draft}
          onAnswersChange={(answers) => update({ answers })}
          onCreated={(applicationId) => update({ applicationId })}
          onNewCreateKey={(createKey) => update({ createKey })}
          onBack={() => go("identity")}
          onPresentationSpent={() => update({ presentation: null, step: "identity" })}
          onSubmitted={(application) => update({ applicationId: application.id, step: "payment" })}
        />
      ) : null}
      {step === "payment" ? (
        draft.applicationId ? (
          <PaymentStep
            applicationId={draft.applicationId}
            onPaid={onPaid}
            onNotSubmitted={() => go("visa")}
            onStartOver={startOver}
          />
        ) : (
          <div className="notice notice-warn">
            <p>{t("apply.notSubmitted")}</p>
            <button type="button" className="button" onClick={() => go("visa")}>
              {t("apply.back")}
            </button>
          </div>
        )
      ) : null}
      {step === "confirmation" && confirmedId ? (
        <ConfirmationStep applicationId={confirmedId} product={product} authority={authority} />
      ) : null}
    </div>
  );
}

/**
 * The one-stop flow (`/apply/:productId`): identity → visa → payment → confirmation, with a step
 * indicator, everything typed kept in this browser until the application is paid (a reload during
 * payment resumes it), and focus on each step's heading. Without a product, the visas to choose from.
 */
export function ApplyPage() {
  const { t } = useTranslation("traveller");
  const nameOf = useCatalogueName();
  const { productId } = useParams();
  const catalogue = useCatalogue();
  const authorityName = (id: string) => {
    const authority = catalogue.data?.authority.get(id);
    return authority ? nameOf(authority) : id;
  };
  if (catalogue.isLoading) {
    return (
      <p className="progress" role="status">
        {t("home.loadingCatalogue")}
      </p>
    );
  }
  if (catalogue.error || !catalogue.data) {
    return <ErrorNotice error={catalogue.error} actions={{ retry: () => void catalogue.refetch() }} />;
  }
  const product = productId ? catalogue.data.product.get(productId) : undefined;
  if (!product) {
    return (
      <div className="stack">
        <h1>{t("apply.chooseTitle")}</h1>
        {productId ? <p className="notice notice-warn">{t("apply.unknownProduct")}</p> : null}
        <p>
          {t("apply.chooseIntro")} <Link to="/">{t("apply.checkEligibility")}</Link>
        </p>
        <ul>
          {catalogue.data.products.map((item) => (
            <li key={item.id}>
              <Link to={`/apply/${item.id}`}>{nameOf(item)}</Link>
              <span className="muted"> · {authorityName(item.authorityId)}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return <ApplyFlow key={product.id} product={product} authority={catalogue.data.authority.get(product.authorityId)} />;
}
