import { useTranslation } from "react-i18next";
import { countryName } from "../format/countries.ts";
import { formatDate, formatDateTime } from "../format/formatMoney.ts";
import type { Holder } from "./identityQueries.ts";
import type { CredentialView } from "./identityTypes.ts";

/** Parameters of {@link CredentialCard}. */
export type CredentialCardProps = {
  decoded: NonNullable<Holder["decoded"]>;
  /** The server's view of it: status, revocation. */
  credential: CredentialView | null;
};

const statusBadge = { active: "badge-ok", revoked: "badge-bad", expired: "badge-warn" } as const;

/**
 * The credential held in this browser, decoded: every claim it holds (each can be disclosed on its
 * own), who issued it, when it expires, and its status as the issuer's status list says it.
 *
 * @example
 * <CredentialCard decoded={holder.decoded} credential={current.credential} />
 */
export function CredentialCard({ decoded, credential }: CredentialCardProps) {
  const { t, i18n } = useTranslation("identity");
  const language = i18n.resolvedLanguage ?? "en";
  const claims = decoded.claims;
  const text = (name: string) => (typeof claims[name] === "string" ? (claims[name] as string) : "");
  const country = (code: string) => (code ? `${countryName(code, language)} (${code})` : "");
  const nationalities = Array.isArray(claims.nationalities)
    ? claims.nationalities
        .filter((code): code is string => typeof code === "string")
        .map(country)
        .join(", ")
    : "";
  const ages = (claims.age_equal_or_over ?? {}) as Record<string, unknown>;
  const status = credential?.status ?? "active";
  const sex = text("sex");
  const documentType = text("document_type");
  const rows: [string, string][] = [
    [t("claim.given_name"), text("given_name")],
    [t("claim.family_name"), text("family_name")],
    [t("claim.birthdate"), text("birthdate") ? formatDate(text("birthdate"), language) : ""],
    [t("claim.nationalities"), nationalities],
    [t("claim.sex"), sex === "F" || sex === "M" || sex === "X" ? t(`traveller:sex.${sex}`) : sex],
    [t("claim.document_type"), documentType === "passport" ? t("card.passport") : t("card.identityCard")],
    [t("claim.document_number"), text("document_number")],
    [t("claim.document_issuing_country"), country(text("document_issuing_country"))],
    [
      t("claim.document_expiry_date"),
      text("document_expiry_date") ? formatDate(text("document_expiry_date"), language) : "",
    ],
    ...Object.entries(ages).map(([age, reached]): [string, string] => [
      t("card.ageOver", { age }),
      reached === true ? t("card.yes") : t("card.no"),
    ]),
  ];
  return (
    <div className="card stack identity-card" data-testid="credential-card">
      <p>
        {t("card.status")}{" "}
        <span className={`badge ${statusBadge[status]}`} data-testid="credential-status" data-status={status}>
          {t(`credentialStatus.${status}`)}
        </span>
      </p>
      <dl className="facts credential-claims">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value || "—"}</dd>
          </div>
        ))}
      </dl>
      <dl className="facts">
        <div>
          <dt>{t("card.issuer")}</dt>
          <dd className="mono break">{decoded.issuer}</dd>
        </div>
        <div>
          <dt>{t("card.issuedAt")}</dt>
          <dd>{formatDateTime(new Date(decoded.issuedAt * 1000), language)}</dd>
        </div>
        <div>
          <dt>{t("card.expiresAt")}</dt>
          <dd>{formatDateTime(new Date(decoded.expiresAt * 1000), language)}</dd>
        </div>
        {credential?.revokedAt ? (
          <div>
            <dt>{t("card.revokedAt")}</dt>
            <dd>
              {formatDateTime(credential.revokedAt, language)}
              {credential.revocationReason ? ` — ${t(`revokedBecause.${credential.revocationReason}`)}` : ""}
            </dd>
          </div>
        ) : null}
      </dl>
      <p className="hint">{t("card.keyNote")}</p>
    </div>
  );
}
