import type { UseMutationResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { PendingStatus } from "../components/PendingStatus.tsx";
import { formatDateTime } from "../format/formatMoney.ts";
import type { CredentialState } from "./credentialState.ts";
import { IdentityErrorNotice } from "./IdentityErrorNotice.tsx";
import type { CredentialView, IdentityCurrent, IssuedCredential, VerificationReason } from "./identityTypes.ts";
import { typedFieldToIdentityField } from "./identityVocabulary.ts";

/** Parameters of {@link VerificationStatusNotice}. */
export type VerificationStatusNoticeProps = {
  state: CredentialState;
  current: IdentityCurrent;
  /** Issues the credential into this browser (the `issuable` state's button). */
  issue: UseMutationResult<IssuedCredential, Error, void>;
  /** Moves the active credential into this browser (the `movable` and `moved` states' button). */
  move: UseMutationResult<IssuedCredential, Error, string>;
  /** The server's view of the copy held here, when it was moved away. */
  heldView?: CredentialView | null | undefined;
};

/** One failure reason in the traveller's words, with what to do about it. */
export function KycReasonText({ reason }: { reason: VerificationReason }) {
  const { t } = useTranslation("identity");
  const details = reason.details ?? {};
  const field = reason.field ? typedFieldToIdentityField[reason.field] : undefined;
  return (
    <>
      {t(`kycReason.${reason.code}`, {
        field: field ? t(`traveller:fieldLabel.${field}`) : (reason.field ?? ""),
        age: typeof details.minimumAge === "number" ? details.minimumAge : 18,
        months: typeof details.minimumValidityMonths === "number" ? details.minimumValidityMonths : 6,
        defaultValue: t("kycReason.other"),
      })}
    </>
  );
}

/**
 * Where the traveller's identity check stands, when it is not simply usable: under manual review
 * (they can go on with typed details), failed (each reason with what to do), the credential revoked
 * or expired (verify again), or passed without the credential in this browser (get it here).
 *
 * @example
 * <VerificationStatusNotice state="flagged" current={current} issue={issue} />
 */
export function VerificationStatusNotice({ state, current, issue, move, heldView }: VerificationStatusNoticeProps) {
  const { t, i18n } = useTranslation("identity");
  const language = i18n.resolvedLanguage ?? "en";
  const activeId = current.credential?.status === "active" ? current.credential.id : null;
  const moveButton = (label: string) =>
    activeId === null ? null : (
      <>
        <div className="row">
          <button
            type="button"
            className="button"
            data-testid="identity-move"
            disabled={move.isPending}
            onClick={() => move.mutate(activeId)}
          >
            {label}
          </button>
        </div>
        <PendingStatus pending={move.isPending} text={t("status.moving")} testId="identity-move-progress" />
        {move.error ? <IdentityErrorNotice error={move.error} onRetry={() => move.mutate(activeId)} /> : null}
      </>
    );
  switch (state) {
    case "movable":
      return (
        <div className="notice notice-ok stack" data-testid="identity-status" data-status="movable">
          <p>{t("status.movable")}</p>
          <p className="hint">{t("status.moveHint")}</p>
          {moveButton(t("status.moveButton"))}
        </div>
      );
    case "moved":
      return (
        <div className="notice notice-warn stack" role="status" data-testid="identity-status" data-status="moved">
          <p>
            <strong>{t("status.movedTitle")}</strong>
          </p>
          <p>
            {t("status.moved", {
              date: heldView?.revokedAt ? formatDateTime(heldView.revokedAt, language) : "",
            })}
          </p>
          {moveButton(t("status.moveBackButton"))}
        </div>
      );
    case "flagged":
      return (
        <div className="notice notice-warn" role="status" data-testid="identity-status" data-status="flagged">
          <p>
            <strong>{t("status.flaggedTitle")}</strong>
          </p>
          <p>{t("status.flagged")}</p>
        </div>
      );
    case "failed": {
      const reasons = current.verification?.reasons.filter((reason) => reason.outcome === "failed") ?? [];
      return (
        <div className="notice notice-error" role="alert" data-testid="identity-status" data-status="failed">
          <p>
            <strong>{t("status.failedTitle")}</strong>
          </p>
          {reasons.length > 0 ? (
            <ul data-testid="identity-failure-reasons">
              {reasons.map((reason) => (
                <li key={`${reason.code}-${reason.field ?? ""}`} data-reason={reason.code}>
                  <KycReasonText reason={reason} />
                </li>
              ))}
            </ul>
          ) : null}
          <p>{t("status.failedNext")}</p>
        </div>
      );
    }
    case "revoked": {
      const reason = current.credential?.revocationReason;
      return (
        <div className="notice notice-warn" role="status" data-testid="identity-status" data-status="revoked">
          <p>
            {t("status.revoked", {
              reason: reason ? t(`revokedBecause.${reason}`) : t("revokedBecause.holder_request"),
            })}
          </p>
          <p>{t("status.verifyAgain")}</p>
        </div>
      );
    }
    case "expired":
      return (
        <div className="notice notice-warn" role="status" data-testid="identity-status" data-status="expired">
          <p>{t("status.expired")}</p>
          <p>{t("status.verifyAgain")}</p>
        </div>
      );
    case "issuable":
      return (
        <div className="notice notice-ok stack" data-testid="identity-status" data-status="issuable">
          <p>{current.credential ? t("status.issuableElsewhere") : t("status.issuable")}</p>
          <div className="row">
            <button
              type="button"
              className="button"
              data-testid="identity-issue"
              disabled={issue.isPending}
              onClick={() => issue.mutate()}
            >
              {t("status.issueButton")}
            </button>
          </div>
          <PendingStatus pending={issue.isPending} text={t("status.issuing")} testId="identity-issue-progress" />
          {issue.error ? <IdentityErrorNotice error={issue.error} onRetry={() => issue.mutate()} /> : null}
        </div>
      );
    default:
      return null;
  }
}
