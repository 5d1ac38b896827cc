import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api } from "../api/api.ts";
import { sessionKey } from "../api/useSession.ts";
import { FormField } from "../components/FormField.tsx";
import { PendingStatus } from "../components/PendingStatus.tsx";
import { forgetHolder } from "./holderStore.ts";
import { IdentityErrorNotice } from "./IdentityErrorNotice.tsx";
import type { ErasureReport } from "./identityTypes.ts";

/** What `DELETE /me` must be sent (apps/server's `erasureConfirmation`), whatever language the page is in. */
export const erasureConfirmation = "delete my account";

/**
 * Deletes the traveller's account (`DELETE /me`): unpaid applications, the identity checks and
 * documents go, paid applications are kept anonymised (the escrow's records), credentials are
 * revoked. The traveller types a confirmation phrase in their own language first; afterwards the
 * key and credential of this browser are forgotten and they are signed out.
 *
 * @example
 * <DeleteAccount userId={me.id} />
 */
export function DeleteAccount({ userId }: { userId: string }) {
  const { t } = useTranslation("identity");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const phrase = t("delete.phrase");
  const [typed, setTyped] = useState("");
  const [attempted, setAttempted] = useState(false);
  const matches = typed.trim().toLocaleLowerCase() === phrase.toLocaleLowerCase();
  const erase = useMutation({
    mutationFn: () => api<ErasureReport>("DELETE", "/me", { body: { confirm: erasureConfirmation } }),
    onSuccess: async (report) => {
      await forgetHolder(userId).catch(() => undefined);
      // The server cleared the session cookie: signed out everywhere in this app.
      queryClient.setQueryData(sessionKey, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      navigate("/identity", { replace: true, state: { accountDeleted: report } });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!matches) {
      document.getElementById("delete-confirm")?.focus();
      return;
    }
    erase.mutate();
  };

  return (
    <form noValidate onSubmit={submit} className="stack" data-testid="delete-account">
      <p>{t("delete.intro")}</p>
      <ul>
        <li>{t("delete.effectUnpaid")}</li>
        <li>{t("delete.effectPaid")}</li>
        <li>{t("delete.effectIdentity")}</li>
      </ul>
      <FormField
        id="delete-confirm"
        label={t("delete.label", { phrase })}
        hint={t("delete.hint")}
        error={attempted && !matches ? t("delete.mismatch", { phrase }) : undefined}
      >
        {(control) => (
          <input
            {...control}
            data-testid="delete-confirm"
            value={typed}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setTyped(event.target.value)}
          />
        )}
      </FormField>
      <PendingStatus pending={erase.isPending} text={t("delete.pending")} />
      {erase.error ? <IdentityErrorNotice error={erase.error} onRetry={() => erase.mutate()} /> : null}
      <div className="row">
        <button type="submit" className="button button-danger" data-testid="delete-submit" disabled={erase.isPending}>
          {t("delete.button")}
        </button>
      </div>
    </form>
  );
}
