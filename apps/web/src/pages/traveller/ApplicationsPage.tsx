import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/ApiError.ts";
import { useApplications } from "../../api/useApplications.ts";
import { useCatalogue } from "../../api/useCatalogue.ts";
import { useSession } from "../../api/useSession.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { StateBadge } from "../../components/StateBadge.tsx";
import { formatDateTime } from "../../format/formatMoney.ts";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { useSignIn } from "../../wallet/useSignIn.ts";

/**
 * My applications (`GET /applications`), newest first, a page at a time: each with its visa, state
 * and last change. The live stream refreshes the list whenever one of them changes.
 */
export function ApplicationsPage() {
  const { t, i18n } = useTranslation("traveller");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  const { me, isLoading: sessionLoading } = useSession();
  const signIn = useSignIn();
  const catalogue = useCatalogue();
  const productName = (id: string) => {
    const product = catalogue.data?.product.get(id);
    return product ? nameOf(product) : id;
  };
  const list = useApplications(Boolean(me));
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  if (sessionLoading) {
    return (
      <p className="progress" role="status">
        {t("common:loading")}
      </p>
    );
  }
  return (
    <div className="stack">
      <h1>{t("applications.title")}</h1>
      {!me ? (
        <>
          <ErrorNotice
            error={new ApiError({ status: 401, code: "ENTRADA_UNAUTHENTICATED", message: "sign in" })}
            actions={{ signIn: () => signIn.mutate(undefined) }}
          />
          {signIn.error ? (
            <ErrorNotice error={signIn.error} actions={{ retry: () => signIn.mutate(undefined) }} />
          ) : null}
          <p>
            {t("applications.signedOut")} <Link to="/">{t("applications.start")}</Link>
          </p>
        </>
      ) : null}
      {list.error ? <ErrorNotice error={list.error} actions={{ retry: () => void list.refetch() }} /> : null}
      {me && list.isLoading ? (
        <p className="progress" role="status">
          {t("applications.loading")}
        </p>
      ) : null}
      {me && list.data && items.length === 0 ? (
        <p data-testid="applications-empty">
          {t("applications.empty")} <Link to="/">{t("applications.start")}</Link>
        </p>
      ) : null}
      {items.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="applications-table">
            <caption className="visually-hidden">{t("applications.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("applications.visa")}</th>
                <th scope="col">{t("applications.state")}</th>
                <th scope="col">{t("applications.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((application) => (
                <tr key={application.id} data-testid={`application-row-${application.id}`}>
                  <td>
                    <Link to={`/applications/${application.id}`}>{productName(application.productId)}</Link>
                    <div className="muted mono" style={{ fontSize: "0.8rem" }}>
                      {application.reference}
                    </div>
                  </td>
                  <td>
                    <StateBadge state={application.state} />
                  </td>
                  <td>{formatDateTime(application.updatedAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.hasNextPage ? (
        <button
          type="button"
          className="button button-quiet"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? t("common:loading") : t("applications.more")}
        </button>
      ) : null}
    </div>
  );
}
