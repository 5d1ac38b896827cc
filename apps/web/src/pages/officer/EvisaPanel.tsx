import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isEvisaNotIssued, useEvisa } from "../../api/useEvisa.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { formatDate, formatDateTime } from "../../format/formatMoney.ts";
import { newIdempotencyKey } from "./useDecision.ts";
import { type EvisaRevokeVariables, useEvisaRevoke } from "./useEvisaRevoke.ts";

/**
 * The issued e-visa, for the officer: its status, validity, number, issue time and PDF, and "Revoke
 * e-visa" (fraud found later, passport reported lost). Revoking needs a reason, which the traveller
 * sees, and a confirmation that says what follows, since it cannot be undone: the e-visa stops
 * verifying online at once, offline checkers learn it when they refresh, the traveller is e-mailed,
 * and the fee already released stays with the authority. Once revoked, the reason and time show.
 */
export function EvisaPanel({ authorityId, applicationId }: { authorityId: string; applicationId: string }) {
  const { t, i18n } = useTranslation("officer");
  const language = i18n.resolvedLanguage ?? "en";
  const evisa = useEvisa(applicationId);
  const revoke = useEvisaRevoke(authorityId, applicationId);
  const id = useId();
  const ids = { reason: `${id}-reason`, hint: `${id}-hint`, error: `${id}-error`, confirm: `${id}-confirm` };
  const [reason, setReason] = useState("");
  const [missingReason, setMissingReason] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  // After the revocation, focus what it produced: the panel now says revoked.
  useEffect(() => {
    if (revoke.isSuccess) doneRef.current?.focus();
  }, [revoke.isSuccess]);

  const send = (variables: EvisaRevokeVariables) => revoke.mutate(variables, { onSuccess: () => setConfirming(false) });

  const start = () => {
    if (reason.trim() === "") {
      setMissingReason(true);
      setConfirming(false);
      reasonRef.current?.focus();
      return;
    }
    setMissingReason(false);
    setConfirming(true);
  };

  const cancel = () => {
    setConfirming(false);
    revokeRef.current?.focus();
  };

  let body: ReactNode;
  if (evisa.isLoading) {
    body = (
      <p className="progress" role="status">
        {t("evisa.loading")}
      </p>
    );
  } else if (evisa.error || !evisa.data) {
    body = isEvisaNotIssued(evisa.error) ? (
      <div className="stack">
        <p>{t("evisa.pending")}</p>
        <div>
          <button type="button" className="button button-quiet" onClick={() => void evisa.refetch()}>
            {t("evisa.tryAgain")}
          </button>
        </div>
      </div>
    ) : (
      <ErrorNotice error={evisa.error} actions={{ retry: () => void evisa.refetch() }} />
    );
  } else {
    const current = evisa.data;
    const revoked = current.status === "revoked";
    const busy = revoke.isPending;
    body = (
      <div className="stack">
        <div
          className={`notice ${current.status === "valid" ? "notice-ok" : current.status === "revoked" ? "notice-error" : "notice-warn"}`}
          data-testid="officer-evisa-status"
          data-status={current.status}
        >
          <p>
            <strong>{t(`evisa.status.${current.status}`)}</strong>
          </p>
          <p>{t(`evisa.explain.${current.status}`)}</p>
          {revoked && current.revokeReason ? (
            <p data-testid="officer-evisa-revoke-reason">{t("evisa.revokeReason", { reason: current.revokeReason })}</p>
          ) : null}
        </div>
        <dl className="facts">
          <dt>{t("evisa.reference")}</dt>
          <dd className="mono">{current.reference}</dd>
          <dt>{t("evisa.validity")}</dt>
          <dd>
            {t("evisa.validityValue", {
              from: formatDate(current.validFrom, language),
              until: formatDate(current.validUntil, language),
            })}
          </dd>
          <dt>{t("evisa.issuedAt")}</dt>
          <dd>
            <time dateTime={current.issuedAt}>{formatDateTime(current.issuedAt, language)}</time>
          </dd>
          {current.revokedAt ? (
            <>
              <dt>{t("evisa.revokedAt")}</dt>
              <dd data-testid="officer-evisa-revoked-at">
                <time dateTime={current.revokedAt}>{formatDateTime(current.revokedAt, language)}</time>
              </dd>
            </>
          ) : null}
        </dl>
        <div>
          <a
            className="button button-quiet"
            href={current.pdfUrl}
            download={`e-visa-${current.reference}.pdf`}
            data-testid="officer-evisa-pdf"
          >
            {t("evisa.downloadPdf")}
          </a>
        </div>
        {revoke.isSuccess && revoked ? (
          <p ref={doneRef} tabIndex={-1} className="notice notice-ok" role="status">
            {t("evisa.revokedDone")}
          </p>
        ) : null}

        {revoked ? null : (
          <div className="decision stack">
            <h3>{t("evisa.revokeTitle")}</h3>
            <div className="field">
              <label htmlFor={ids.reason}>{t("evisa.reasonLabel")}</label>
              <span id={ids.hint} className="hint">
                {t("evisa.reasonHint")}
              </span>
              <textarea
                id={ids.reason}
                ref={reasonRef}
                data-testid="officer-evisa-reason"
                value={reason}
                maxLength={2000}
                disabled={busy}
                aria-invalid={missingReason}
                aria-describedby={missingReason ? `${ids.hint} ${ids.error}` : ids.hint}
                onChange={(event) => {
                  setReason(event.target.value);
                  if (event.target.value.trim()) setMissingReason(false);
                }}
              />
              {missingReason ? (
                <span id={ids.error} className="field-error">
                  {t("evisa.reasonMissing")}
                </span>
              ) : null}
            </div>
            <div>
              <button
                type="button"
                ref={revokeRef}
                className="button button-danger"
                data-testid="officer-evisa-revoke"
                disabled={busy}
                aria-expanded={confirming}
                aria-controls={confirming ? ids.confirm : undefined}
                onClick={start}
              >
                {t("evisa.revoke")}
              </button>
            </div>
            {confirming ? (
              <fieldset id={ids.confirm} className="confirm stack" aria-describedby={`${ids.confirm}-detail`}>
                <legend>{t("evisa.confirmTitle")}</legend>
                <ul id={`${ids.confirm}-detail`}>
                  <li>{t("evisa.confirmOnline")}</li>
                  <li>{t("evisa.confirmOffline")}</li>
                  <li>{t("evisa.confirmTraveller")}</li>
                  <li>{t("evisa.confirmFee")}</li>
                  <li>{t("evisa.confirmFinal")}</li>
                </ul>
                <div className="row">
                  <button
                    type="button"
                    ref={confirmRef}
                    className="button button-danger"
                    data-testid="officer-evisa-confirm-revoke"
                    disabled={busy}
                    onClick={() => send({ reason, idempotencyKey: newIdempotencyKey() })}
                  >
                    {t("evisa.confirmRevoke")}
                  </button>
                  <button type="button" className="button button-quiet" disabled={busy} onClick={cancel}>
                    {t("evisa.cancel")}
                  </button>
                </div>
              </fieldset>
            ) : null}
            {busy ? (
              <p className="progress" role="status">
                {t("evisa.revoking")}
              </p>
            ) : null}
          </div>
        )}
        {revoke.error ? (
          <ErrorNotice
            error={revoke.error}
            actions={{
              retry: () => {
                if (revoke.variables) send(revoke.variables);
              },
            }}
          />
        ) : null}
      </div>
    );
  }

  return (
    <section className="card" aria-labelledby="evisa-heading" data-testid="officer-evisa">
      <h2 id="evisa-heading">{t("evisa.title")}</h2>
      {body}
    </section>
  );
}
