import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCatalogue } from "../api/useCatalogue.ts";
import { formatDateTime } from "../format/formatMoney.ts";
import { useCatalogueName } from "../i18n/useCatalogueName.ts";
import { ClaimList } from "./ClaimList.tsx";
import { IdentityErrorNotice } from "./IdentityErrorNotice.tsx";
import { fetchDisclosures, identityKeys } from "./identityQueries.ts";

/**
 * What the traveller's credential disclosed, to which authority, for which visa and when, newest
 * first, with the application it filled.
 *
 * @example
 * <DisclosureList userId={me.id} />
 */
export function DisclosureList({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation("identity");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  const catalogue = useCatalogue();
  const productName = (id: string) => {
    const product = catalogue.data?.product.get(id);
    return product ? nameOf(product) : id;
  };
  const authorityName = (shown: { id: string; name: string }) => {
    const authority = catalogue.data?.authority.get(shown.id);
    return authority ? nameOf(authority) : shown.name;
  };
  const disclosures = useQuery({
    queryKey: identityKeys.disclosures(userId),
    queryFn: ({ signal }) => fetchDisclosures(signal),
  });
  if (disclosures.isLoading) {
    return (
      <p className="progress" role="status">
        {t("disclosures.loading")}
      </p>
    );
  }
  if (disclosures.error) {
    return <IdentityErrorNotice error={disclosures.error} onRetry={() => void disclosures.refetch()} />;
  }
  const items = disclosures.data ?? [];
  if (items.length === 0) {
    return (
      <p className="muted" data-testid="disclosures-empty">
        {t("disclosures.empty")}
      </p>
    );
  }
  return (
    <ul className="disclosures" data-testid="disclosures">
      {items.map((disclosure) => (
        <li key={disclosure.id} className="card stack" data-testid={`disclosure-${disclosure.productId}`}>
          <p>
            <strong>{authorityName(disclosure.authority)}</strong>
            {" · "}
            {productName(disclosure.productId)}
          </p>
          <p className="muted">{t("disclosures.when", { date: formatDateTime(disclosure.presentedAt, language) })}</p>
          <p>{t("disclosures.shared")}</p>
          <ClaimList claims={disclosure.claims} />
          {disclosure.applicationId ? (
            <p>
              <Link to={`/applications/${disclosure.applicationId}`}>{t("disclosures.application")}</Link>
            </p>
          ) : (
            <p className="muted">{t("disclosures.noApplication")}</p>
          )}
        </li>
      ))}
    </ul>
  );
}
