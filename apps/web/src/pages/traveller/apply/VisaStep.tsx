import { statesAfterPayment } from "@entrada/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useConnectors } from "wagmi";
import { ApiError } from "../../../api/ApiError.ts";
import { api } from "../../../api/api.ts";
import { newIdempotencyKey } from "../../../api/newIdempotencyKey.ts";
import { type AnswerField, isAnswerField } from "../../../api/requiredFields.ts";
import type { ApplicationDetails } from "../../../api/travellerTypes.ts";
import type { Authority, Product } from "../../../api/types.ts";
import { supportingDocumentKinds, uploadApplicationDocument } from "../../../api/uploadApplicationDocument.ts";
import { applicationKey } from "../../../api/useApplication.ts";
import { contactFields, useContactPrefill } from "../../../api/useContactPrefill.ts";
import { useSession } from "../../../api/useSession.ts";
import { AnswerFields } from "../../../components/AnswerFields.tsx";
import { validateAnswers } from "../../../components/answerValues.ts";
import { EmailVerification } from "../../../components/EmailVerification.tsx";
import { ErrorNotice } from "../../../components/ErrorNotice.tsx";
import { ProductFacts } from "../../../components/ProductFacts.tsx";
import { SupportingDocumentFields } from "../../../components/SupportingDocumentFields.tsx";
import { todayUtc } from "../../../format/calendarDate.ts";
import { useCatalogueName } from "../../../i18n/useCatalogueName.ts";
import { useSignIn } from "../../../wallet/useSignIn.ts";
import { signInConnectors, walletName } from "../../../wallet/walletName.ts";
import type { ApplyDraft } from "./applyDraft.ts";
import { EligibleAlternatives } from "./EligibleAlternatives.tsx";
import { toApplicantInput } from "./validateIdentity.ts";

/** Parameters of {@link VisaStep}. */
export type VisaStepProps = {
  product: Product;
  authority: Authority | undefined;
  draft: ApplyDraft;
  onAnswersChange: (answers: ApplyDraft["answers"]) => void;
  /** The application exists (its id to keep in the draft, so a reload finds it again). */
  onCreated: (applicationId: string) => void;
  /** Creating failed in a way a retry with the same key would only repeat: use a new key. */
  onNewCreateKey: (key: string) => void;
  onBack: () => void;
  /** The presented identity can no longer fill an application (already used): present it again. */
  onPresentationSpent?: () => void;
  /** Submitted: on to the payment. */
  onSubmitted: (application: ApplicationDetails) => void;
};

/** States of an application that the visa step has nothing more to do for. */
const submittedStates = new Set(["submitted", "payment_pending", "paid", "under_review", "needs_info", "approved"]);

/** States of an application whose flow is over: its key must not be reused for a new one. */
const finishedStates = new Set<string>([...statesAfterPayment, "cancelled"]);

/** Answers of the product's fields only, trimmed, empty ones left out. */
function cleanAnswers(fields: readonly AnswerField[], answers: ApplyDraft["answers"]) {
  return Object.fromEntries(
    fields.flatMap((field) => {
      const value = answers[field]?.trim();
      return value ? [[field, value]] : [];
    }),
  );
}

/**
 * The visa step: the product in brief, its own questions, then — signing in with the wallet if
 * needed — the application is created (`POST /applications`, with an idempotency key kept in the
 * draft, so a retry or a reload never creates a second one) and submitted.
 *
 * @example
 * <VisaStep product={product} authority={authority} draft={draft} … onSubmitted={() => go("payment")} />
 */
export function VisaStep({
  product,
  authority,
  draft,
  onAnswersChange,
  onCreated,
  onNewCreateKey,
  onBack,
  onPresentationSpent,
  onSubmitted,
}: VisaStepProps) {
  const { t } = useTranslation("traveller");
  const nameOf = useCatalogueName();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const signIn = useSignIn();
  // An injected connector is listed even without a browser wallet: offer it only when there is one.
  const connectors = useConnectors().filter(
    (connector) => connector.id !== "injected" || (typeof window !== "undefined" && "ethereum" in window),
  );
  const fields = product.requiredFields.filter(isAnswerField);
  const supportingKinds = supportingDocumentKinds(product);
  // Files cannot be kept in the saved draft: they are chosen again after a reload.
  const [files, setFiles] = useState<Partial<Record<string, File>>>({});
  const [touched, setTouched] = useState<ReadonlySet<AnswerField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const errors = validateAnswers(fields, draft.answers, todayUtc());
  const shownErrors = Object.fromEntries(
    Object.entries(errors).filter(([field]) => submitted || touched.has(field as AnswerField)),
  );

  // A returning traveller's e-mail, phone and home address, filled in once where still empty.
  const asksContact = fields.some((field) => (contactFields as readonly string[]).includes(field));
  const known = useContactPrefill(Boolean(me) && asksContact).data;
  const [prefilled, setPrefilled] = useState<"pending" | "filled" | "nothing">("pending");
  useEffect(() => {
    if (prefilled !== "pending" || known === undefined) return;
    const additions = Object.fromEntries(
      contactFields.flatMap((field) =>
        fields.includes(field) && !draft.answers[field]?.trim() && known[field] ? [[field, known[field]]] : [],
      ),
    );
    setPrefilled(Object.keys(additions).length > 0 ? "filled" : "nothing");
    if (Object.keys(additions).length > 0) onAnswersChange({ ...draft.answers, ...additions });
  }, [known, prefilled, fields, draft.answers, onAnswersChange]);

  /**
   * Creates the application under an idempotency key (a replay answers the first response, so the
   * application is read again for its current state). A refused request is remembered under its key:
   * the next attempt gets a new one.
   */
  const create = async (key: string, answers: Record<string, string>): Promise<ApplicationDetails> => {
    if (key !== draft.createKey) onNewCreateKey(key);
    let created: ApplicationDetails;
    try {
      created = await api<ApplicationDetails>("POST", "/applications", {
        // A presented credential fills the applicant on the server; typed details otherwise.
        body: draft.presentation
          ? { productId: product.id, presentationId: draft.presentation.id, answers }
          : { productId: product.id, applicant: toApplicantInput(draft.identity), answers },
        idempotencyKey: key,
      });
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        onNewCreateKey(newIdempotencyKey());
        if (error.code === "ENTRADA_PRESENTATION_UNUSABLE") onPresentationSpent?.();
      }
      throw error;
    }
    return api<ApplicationDetails>("GET", `/applications/${created.id}`);
  };

  const send = useMutation({
    mutationFn: async (): Promise<ApplicationDetails> => {
      const answers = cleanAnswers(fields, draft.answers);
      let application: ApplicationDetails | null = null;
      if (draft.applicationId) {
        try {
          application = await api<ApplicationDetails>("GET", `/applications/${draft.applicationId}`);
        } catch (error) {
          // Gone (another account, a reset database): create it again.
          if (!(error instanceof ApiError && error.status === 404)) throw error;
        }
        if (application && finishedStates.has(application.state) && application.state !== "cancelled") {
          // Already paid from another tab or device: nothing to submit, on to its payment state.
          return application;
        }
        if (application?.state === "cancelled") application = null;
        if (application?.state === "draft") {
          application = await api<ApplicationDetails>("PATCH", `/applications/${application.id}`, {
            body: { answers },
          });
        }
      }
      if (!application) {
        application = await create(draft.applicationId ? newIdempotencyKey() : draft.createKey, answers);
        // A key that already made an application of a finished flow replays it: start a new one.
        if (finishedStates.has(application.state)) {
          application = await create(newIdempotencyKey(), answers);
        }
        onCreated(application.id);
      }
      for (const kind of supportingKinds) {
        const file = files[kind];
        if (application.state === "draft" && file && !application.documents.some((stored) => stored.kind === kind)) {
          application = await uploadApplicationDocument(application.id, kind, file);
        }
      }
      if (application.state === "draft") {
        application = await api<ApplicationDetails>("POST", `/applications/${application.id}/submit`, {
          idempotencyKey: newIdempotencyKey(),
        });
      }
      return application;
    },
    onSuccess: (application) => {
      queryClient.setQueryData(applicationKey(application.id), application);
      void queryClient.invalidateQueries({ queryKey: ["applications"] });
      if (submittedStates.has(application.state)) onSubmitted(application);
    },
  });

  const go = async (connectorId?: string) => {
    if (!me || connectorId) await signIn.mutateAsync(connectorId);
    send.mutate();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const first = fields.find((field) => errors[field]);
    if (first) {
      setSubmitted(true);
      const id = first === "travel_dates" ? "visa-travel_dates-start" : `visa-${first}`;
      document.getElementById(id)?.focus();
      return;
    }
    if (supportingKinds.some((kind) => files[kind] === undefined)) {
      setSubmitted(true);
      return;
    }
    void go().catch(() => undefined);
  };

  const validationIssues =
    send.error instanceof ApiError && send.error.code === "ENTRADA_VALIDATION"
      ? ((send.error.details as { issues?: { path?: (string | number)[] }[] } | undefined)?.issues ?? [])
      : [];
  const passportProblem = validationIssues.some((issue) => issue.path?.[0] === "applicant");
  const pending = send.isPending || signIn.isPending;

  return (
    <form noValidate onSubmit={submit} className="stack" data-testid="visa-step">
      <section className="card" aria-labelledby="visa-product">
        <h3 id="visa-product" style={{ marginTop: 0 }}>
          {nameOf(product)}
        </h3>
        <ProductFacts product={product} authority={authority} showNeeds />
      </section>

      {fields.length > 0 ? (
        <fieldset>
          <legend>{t("visa.answersLegend")}</legend>
          <AnswerFields
            fields={fields}
            values={draft.answers}
            idPrefix="visa"
            errors={shownErrors}
            onChange={(field, value) => onAnswersChange({ ...draft.answers, [field]: value })}
            onBlur={(field) => setTouched((current) => new Set(current).add(field))}
          />
          {prefilled === "filled" ? (
            <p className="muted" data-testid="visa-prefilled">
              {t("prefilled")}
            </p>
          ) : null}
          {fields.includes("email") && !errors.email ? <EmailVerification email={draft.answers.email ?? ""} /> : null}
        </fieldset>
      ) : (
        <p>{t("visa.noQuestions")}</p>
      )}

      {supportingKinds.length > 0 ? (
        <SupportingDocumentFields
          kinds={supportingKinds}
          files={files}
          uploaded={[]}
          showMissing={submitted}
          legend={t("supporting.legend")}
          onChoose={(kind, file) => setFiles((current) => ({ ...current, [kind]: file ?? undefined }))}
        />
      ) : null}

      {me ? null : (
        <div className="notice notice-warn" data-testid="visa-sign-in">
          <p>{t("visa.signInNeeded")}</p>
          {signInConnectors(connectors).length > 1 ? (
            <div className="row">
              {signInConnectors(connectors)
                .slice(1)
                .map((connector) => (
                  <button
                    key={connector.uid}
                    type="button"
                    className="button button-quiet"
                    disabled={pending}
                    data-testid={`visa-sign-in-${connector.id}`}
                    onClick={() => void go(connector.id).catch(() => undefined)}
                  >
                    {t("visa.signInWith", { wallet: walletName(connector, t) })}
                  </button>
                ))}
            </div>
          ) : null}
        </div>
      )}

      <p role="status" className={pending ? "progress" : "visually-hidden"} data-testid="visa-progress">
        {signIn.isPending ? t("visa.signingIn") : send.isPending ? t("visa.submitting") : ""}
      </p>
      {signIn.error ? (
        <ErrorNotice error={signIn.error} actions={{ retry: () => void go().catch(() => undefined) }} />
      ) : null}
      {send.error ? (
        <>
          <ErrorNotice
            error={send.error}
            actions={{
              retry: () => send.mutate(),
              signIn: () => void go(connectors[0]?.id).catch(() => undefined),
            }}
          />
          {passportProblem ? (
            <button type="button" className="button button-quiet" onClick={onBack}>
              {t("visa.fixPassport")}
            </button>
          ) : null}
          {send.error instanceof ApiError && send.error.code === "ENTRADA_NOT_ELIGIBLE" ? (
            <EligibleAlternatives nationality={draft.identity.nationality} product={product} authority={authority} />
          ) : null}
        </>
      ) : null}

      <div className="row">
        <button
          type="button"
          className="button button-quiet"
          data-testid="visa-back"
          onClick={onBack}
          disabled={pending}
        >
          {t("apply.back")}
        </button>
        <button type="submit" className="button" data-testid="visa-next" disabled={pending}>
          {me
            ? t("visa.submit")
            : connectors[0]?.id === "entrada-builtin"
              ? t("visa.signInBuiltInAndSubmit")
              : t("visa.signInAndSubmit")}
        </button>
      </div>
    </form>
  );
}
