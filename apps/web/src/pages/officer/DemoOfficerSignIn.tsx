import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/api.ts";
import type { Me } from "../../api/types.ts";
import { sessionKey } from "../../api/useSession.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { fetchAuthorities, officerKeys } from "./officerQueries.ts";

/**
 * On the local development chain: sign in as a demo officer of a chosen authority
 * (`POST /auth/dev-login`), so that anyone can try the officer's side in a plain browser.
 */
export function DemoOfficerSignIn({ onSignedIn }: { onSignedIn?: (me: Me) => void }) {
  const { t } = useTranslation("officer");
  const nameOf = useCatalogueName();
  const queryClient = useQueryClient();
  const selectId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const authorities = useQuery({
    queryKey: officerKeys.authorities(),
    queryFn: ({ signal }) => fetchAuthorities(signal),
    staleTime: 5 * 60_000,
  });
  const authorityId = chosen ?? authorities.data?.[0]?.id ?? "";
  const signIn = useMutation({
    mutationFn: (id: string) =>
      api<{ user: Me; expiresAt: string }>("POST", "/auth/dev-login", { body: { role: "officer", authorityId: id } }),
    onSuccess: ({ user }) => {
      queryClient.setQueryData(sessionKey, user);
      onSignedIn?.(user);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (authorityId) signIn.mutate(authorityId);
  };

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={`${selectId}-title`}>
      <h2 id={`${selectId}-title`}>{t("signIn.demoTitle")}</h2>
      <p>{t("signIn.demoIntro")}</p>
      {authorities.error ? (
        <ErrorNotice error={authorities.error} actions={{ retry: () => void authorities.refetch() }} />
      ) : null}
      <div className="field">
        <label htmlFor={selectId}>{t("signIn.authority")}</label>
        <select
          id={selectId}
          data-testid="officer-authority"
          value={authorityId}
          disabled={authorities.isLoading || signIn.isPending}
          onChange={(event) => setChosen(event.target.value)}
          required
        >
          {authorities.isLoading ? <option value="">{t("signIn.loadingAuthorities")}</option> : null}
          {authorities.data?.map((authority) => (
            <option key={authority.id} value={authority.id}>
              {t("signIn.authorityOption", { name: nameOf(authority), id: authority.id })}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <button
          type="submit"
          className="button"
          data-testid="officer-sign-in"
          disabled={!authorityId || signIn.isPending}
        >
          {signIn.isPending ? t("signIn.signingIn") : t("signIn.submit")}
        </button>
        {signIn.isPending ? (
          <span className="progress" role="status">
            {t("signIn.signingIn")}
          </span>
        ) : null}
      </div>
      {signIn.error ? <ErrorNotice error={signIn.error} actions={{ retry: () => signIn.mutate(authorityId) }} /> : null}
    </form>
  );
}
