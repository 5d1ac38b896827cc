import { useTranslation } from "react-i18next";
import { IdentityErrorNotice } from "./IdentityErrorNotice.tsx";
import type { Holder } from "./identityQueries.ts";

/** Parameters of {@link UseVerifiedIdentity}. */
export type UseVerifiedIdentityProps = {
  holder: Holder;
  authorityName: string;
  onUse: () => void;
  pending: boolean;
  error: unknown;
  /** The typed path, for a traveller who would rather not use the credential here. */
  onTypeInstead: () => void;
};

/**
 * The identity step for a traveller whose verified identity is in this browser: one button shares
 * it with the authority (only the claims this visa needs, signed in this browser) and takes them on to
 * the visa step, or they type the details instead.
 *
 * @example
 * <UseVerifiedIdentity holder={holder} authorityName="UK Home Office" onUse={() => present.mutate()} … />
 */
export function UseVerifiedIdentity({
  holder,
  authorityName,
  onUse,
  pending,
  error,
  onTypeInstead,
}: UseVerifiedIdentityProps) {
  const { t } = useTranslation("identity");
  const claims = holder.decoded?.claims ?? {};
  const name = [claims.given_name, claims.family_name].filter((part) => typeof part === "string").join(" ");
  return (
    <section
      className="card stack identity-card identity-verified"
      aria-labelledby="identity-use-title"
      data-testid="identity-use"
    >
      <h3 id="identity-use-title">{t("use.title")}</h3>
      <p>{t("use.intro", { name, authority: authorityName })}</p>
      <p className="hint">{t("use.privacy")}</p>
      <div className="row">
        <button type="button" className="button" data-testid="identity-use-button" disabled={pending} onClick={onUse}>
          {pending ? t("use.pending") : t("use.button")}
        </button>
        <button
          type="button"
          className="button button-quiet"
          data-testid="identity-type-instead"
          disabled={pending}
          onClick={onTypeInstead}
        >
          {t("use.typeInstead")}
        </button>
      </div>
      <p role="status" className={pending ? "progress" : "visually-hidden"} data-testid="identity-use-progress">
        {pending ? t("use.pending") : ""}
      </p>
      {error ? <IdentityErrorNotice error={error} onRetry={onUse} /> : null}
    </section>
  );
}
