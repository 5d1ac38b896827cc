import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/api.ts";
import { newIdempotencyKey } from "../api/newIdempotencyKey.ts";
import { PendingStatus } from "../components/PendingStatus.tsx";
import { saveCredential } from "./holderStore.ts";
import { IdentityErrorNotice } from "./IdentityErrorNotice.tsx";
import { identityKeys } from "./identityQueries.ts";
import { type CredentialView, type RevocationReason, revocationReasons } from "./identityTypes.ts";

/**
 * Revokes the traveller's credential, with their reason (passport lost or stolen, someone else may
 * be using the identity, or no longer wanted): its status list entry says invalid from then on, so
 * no verifier accepts it, and the copy in this browser is forgotten. Asks once more before doing it.
 *
 * @example
 * <RevokeCredential userId={me.id} />
 */
export function RevokeCredential({ userId }: { userId: string }) {
  const { t } = useTranslation("identity");
  const queryClient = useQueryClient();
  const id = useId();
  const [reason, setReason] = useState<RevocationReason | "">("");
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState(false);
  const result = useRef<HTMLParagraphElement>(null);
  const revoke = useMutation({
    mutationFn: async (chosen: RevocationReason) => {
      const answer = await api<{ revoked: CredentialView[] }>("POST", "/identity/credential/revoke", {
        body: { reason: chosen },
        idempotencyKey: newIdempotencyKey(),
      });
      await saveCredential(userId, null).catch(() => undefined);
      return answer;
    },
    onSuccess: () => {
      setConfirming(false);
      requestAnimationFrame(() => result.current?.focus());
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: identityKeys.user(userId) }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason) {
      setMissing(true);
      document.getElementById(`${id}-${revocationReasons[0]}`)?.focus();
      return;
    }
    if (!confirming) {
      setConfirming(true);
      return;
    }
    revoke.mutate(reason);
  };

  if (revoke.isSuccess) {
    return (
      <p ref={result} tabIndex={-1} className="notice notice-ok" role="status" data-testid="revoke-done">
        {t("revoke.done")}
      </p>
    );
  }
  return (
    <form noValidate onSubmit={submit} className="stack" data-testid="revoke-form">
      <fieldset aria-describedby={missing ? `${id}-error` : undefined}>
        <legend>{t("revoke.reasonLegend")}</legend>
        {revocationReasons.map((option) => (
          <div key={option} className="choice">
            <input
              type="radio"
              id={`${id}-${option}`}
              name="revocation-reason"
              value={option}
              data-testid={`revoke-reason-${option}`}
              checked={reason === option}
              aria-describedby={`${id}-${option}-hint`}
              onChange={() => {
                setReason(option);
                setMissing(false);
                setConfirming(false);
              }}
            />
            <div>
              <label htmlFor={`${id}-${option}`}>{t(`revokeReason.${option}`)}</label>
              <span className="hint" id={`${id}-${option}-hint`}>
                {t(`revokeReasonHint.${option}`)}
              </span>
            </div>
          </div>
        ))}
        {missing ? (
          <p className="field-error" id={`${id}-error`}>
            {t("revoke.reasonRequired")}
          </p>
        ) : null}
      </fieldset>
      {confirming ? (
        <p className="notice notice-warn" role="alert">
          {t("revoke.confirm")}
        </p>
      ) : null}
      <PendingStatus pending={revoke.isPending} text={t("revoke.pending")} />
      {revoke.error ? (
        <IdentityErrorNotice error={revoke.error} onRetry={() => reason && revoke.mutate(reason)} />
      ) : null}
      <div className="row">
        <button type="submit" className="button button-danger" data-testid="revoke-submit" disabled={revoke.isPending}>
          {confirming ? t("revoke.confirmButton") : t("revoke.button")}
        </button>
        {confirming ? (
          <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
            {t("revoke.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
