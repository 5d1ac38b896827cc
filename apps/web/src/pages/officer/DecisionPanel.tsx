import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Money } from "../../api/types.ts";
import { formatMoney } from "../../format/formatMoney.ts";
import { type DecisionAction, reasonRequired } from "./decisionActions.ts";
import { documentTypes } from "./officerVocabulary.ts";
import type { DecisionVariables } from "./useDecision.ts";
import { newIdempotencyKey } from "./useDecision.ts";

/** Parameters of {@link DecisionPanel}. */
export type DecisionPanelProps = {
  /** The decisions the officer may take now (decisionActions). */
  actions: readonly DecisionAction[];
  /** What a rejection refunds to the payer, for the confirmation. */
  refund: Money | null;
  /** The decision being sent, if any: everything is disabled meanwhile. */
  pending: DecisionAction | null;
  onDecide: (variables: DecisionVariables) => void;
};

/**
 * The officer's decision: one reason field (required to ask for information or to reject, where the
 * applicant sees it; an optional note when approving) and a button per allowed decision. Rejecting
 * asks for confirmation first, since it refunds the payer and cannot be undone.
 */
export function DecisionPanel({ actions, refund, pending, onDecide }: DecisionPanelProps) {
  const { t, i18n } = useTranslation("officer");
  const language = i18n.resolvedLanguage ?? "en";
  const id = useId();
  const ids = { reason: `${id}-reason`, hint: `${id}-hint`, error: `${id}-error`, confirm: `${id}-confirm` };
  const [reason, setReason] = useState("");
  const [documents, setDocuments] = useState<readonly string[]>([]);
  const [missingReasonFor, setMissingReasonFor] = useState<DecisionAction | null>(null);
  const [confirming, setConfirming] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const rejectRef = useRef<HTMLButtonElement>(null);
  const busy = pending !== null;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const start = (action: DecisionAction) => {
    if (reasonRequired(action) && reason.trim() === "") {
      setMissingReasonFor(action);
      setConfirming(false);
      reasonRef.current?.focus();
      return;
    }
    setMissingReasonFor(null);
    if (action === "reject") {
      setConfirming(true);
      return;
    }
    onDecide({
      action,
      reason,
      idempotencyKey: newIdempotencyKey(),
      ...(action === "request_info" && documents.length > 0 ? { documents } : {}),
    });
  };

  const cancelReject = () => {
    setConfirming(false);
    rejectRef.current?.focus();
  };

  const progress: Record<DecisionAction, string> = {
    request_info: t("decision.pending.request_info"),
    approve: t("decision.pending.approve"),
    reject: t("decision.pending.reject"),
  };

  return (
    <div className="decision stack">
      <div className="field">
        <label htmlFor={ids.reason}>{t("decision.reasonLabel")}</label>
        <span id={ids.hint} className="hint">
          {actions.includes("approve") ? t("decision.reasonHint") : t("decision.reasonHintRequired")}
        </span>
        <textarea
          id={ids.reason}
          ref={reasonRef}
          data-testid="decision-reason"
          value={reason}
          maxLength={2000}
          disabled={busy}
          aria-invalid={missingReasonFor !== null}
          aria-describedby={missingReasonFor ? `${ids.hint} ${ids.error}` : ids.hint}
          onChange={(event) => {
            setReason(event.target.value);
            if (event.target.value.trim()) setMissingReasonFor(null);
          }}
        />
        {missingReasonFor ? (
          <span id={ids.error} className="field-error">
            {missingReasonFor === "reject" ? t("decision.reasonMissingReject") : t("decision.reasonMissingInfo")}
          </span>
        ) : null}
      </div>

      {actions.includes("request_info") ? (
        <fieldset className="field" aria-describedby={`${id}-documents-hint`}>
          <legend>{t("decision.requestDocuments")}</legend>
          <span id={`${id}-documents-hint`} className="hint">
            {t("decision.requestDocumentsHint")}
          </span>
          <div className="document-choices">
            {documentTypes.map((kind) => (
              <label key={kind}>
                <input
                  type="checkbox"
                  data-testid={`request-document-${kind}`}
                  checked={documents.includes(kind)}
                  disabled={busy}
                  onChange={(event) =>
                    setDocuments((current) =>
                      event.target.checked ? [...current, kind] : current.filter((chosen) => chosen !== kind),
                    )
                  }
                />{" "}
                {t(`document.${kind}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      <div className="decision-buttons">
        {actions.includes("request_info") ? (
          <button
            type="button"
            className="button button-quiet"
            data-testid="request-info"
            disabled={busy || confirming}
            onClick={() => start("request_info")}
          >
            {t("decision.requestInfo")}
          </button>
        ) : null}
        {actions.includes("approve") ? (
          <button
            type="button"
            className="button"
            data-testid="approve"
            disabled={busy || confirming}
            onClick={() => start("approve")}
          >
            {t("decision.approve")}
          </button>
        ) : null}
        {actions.includes("reject") ? (
          <button
            type="button"
            ref={rejectRef}
            className="button button-danger"
            data-testid="reject"
            disabled={busy}
            aria-expanded={confirming}
            aria-controls={confirming ? ids.confirm : undefined}
            onClick={() => start("reject")}
          >
            {t("decision.reject")}
          </button>
        ) : null}
      </div>

      {confirming ? (
        <fieldset id={ids.confirm} className="confirm stack" aria-describedby={`${ids.confirm}-detail`}>
          <legend>{t("decision.confirmTitle")}</legend>
          <p id={`${ids.confirm}-detail`}>
            {refund
              ? t("decision.confirmRefund", { amount: formatMoney(refund, language, { precision: "exact" }) })
              : t("decision.confirmRefundUnknown")}
          </p>
          <div className="row">
            <button
              type="button"
              ref={confirmRef}
              className="button button-danger"
              data-testid="confirm-reject"
              disabled={busy}
              onClick={() => onDecide({ action: "reject", reason, idempotencyKey: newIdempotencyKey() })}
            >
              {t("decision.confirmReject")}
            </button>
            <button
              type="button"
              className="button button-quiet"
              data-testid="cancel-reject"
              disabled={busy}
              onClick={cancelReject}
            >
              {t("decision.cancel")}
            </button>
          </div>
        </fieldset>
      ) : null}

      {pending ? (
        <p className="progress" role="status" data-testid="decision-progress">
          {progress[pending]}
        </p>
      ) : null}
    </div>
  );
}
