import { parseApplicationReference } from "@entrada/core";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { StateBadge } from "../../components/StateBadge.tsx";
import { formatDateTime, formatMoney } from "../../format/formatMoney.ts";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { isOverdue } from "./isOverdue.ts";
import { applicationIdPattern, matchesQueueSearch } from "./matchesQueueSearch.ts";
import { fetchByReference, fetchProducts, officerKeys } from "./officerQueries.ts";
import { queueFilters, toQueueFilter } from "./queueFilters.ts";
import { useNow } from "./useNow.ts";
import { useOfficerQueue } from "./useOfficerQueue.ts";
import { useQueueRows } from "./useQueueRows.ts";

/**
 * The authority's applications, oldest first: filter by state (or "needs action", "overdue"), search
 * the loaded rows by application id or applicant name, load more, live through the event stream.
 * The filter and search are kept in the URL, so that "back" from an application returns to them.
 */
export function OfficerQueue({ authorityId }: { authorityId: string }) {
  const { t, i18n } = useTranslation("officer");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  const [params, setParams] = useSearchParams();
  const filter = toQueueFilter(params.get("state"));
  const search = params.get("q") ?? "";
  const ids = { filter: useId(), search: useId(), searchHint: useId(), status: useId() };
  const now = useNow();
  const queue = useOfficerQueue(authorityId, filter);
  const rows = useQueueRows(authorityId, queue.items);
  const products = useQuery({
    queryKey: officerKeys.products(authorityId),
    queryFn: ({ signal }) => fetchProducts(authorityId, signal),
    staleTime: 10 * 60_000,
  });
  const productName = (productId: string) => {
    const product = products.data?.find((candidate) => candidate.id === productId);
    return product ? nameOf(product) : undefined;
  };

  const setParam = (name: string, value: string, fallback: string) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === fallback) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  };

  const shown = queue.items.filter(
    (item) =>
      (filter !== "overdue" || isOverdue(item, now)) &&
      matchesQueueSearch(
        { id: item.id, reference: item.reference, applicantName: rows.get(item.id)?.applicantName },
        search,
      ),
  );
  const trimmed = search.trim();
  const openDirectly = applicationIdPattern.test(trimmed) && !shown.some((item) => item.id === trimmed.toLowerCase());
  // A whole reference of an application not loaded yet: ask the API for it.
  const typedReference = parseApplicationReference(trimmed);
  const byReference = useQuery({
    queryKey: officerKeys.byReference(authorityId, typedReference ?? ""),
    queryFn: ({ signal }) => fetchByReference(typedReference!, signal),
    enabled: typedReference !== null && !shown.some((item) => item.reference === typedReference),
  });
  const foundElsewhere =
    typedReference !== null && !shown.some((item) => item.reference === typedReference) ? byReference.data : null;

  return (
    <section className="stack" aria-labelledby={`${ids.filter}-heading`}>
      <h2 id={`${ids.filter}-heading`}>{t("queue.title")}</h2>
      <search className="row queue-filters">
        <div className="field">
          <label htmlFor={ids.filter}>{t("queue.filterLabel")}</label>
          <select
            id={ids.filter}
            data-testid="queue-state-filter"
            value={filter}
            onChange={(event) => setParam("state", event.target.value, "all")}
          >
            {queueFilters.map((option) =>
              option === "all" ? (
                <option key={option} value={option}>
                  {t("queue.filter.all")}
                </option>
              ) : option === "needs_action" ? (
                <option key={option} value={option}>
                  {t("queue.filter.needsAction")}
                </option>
              ) : option === "overdue" ? (
                <option key={option} value={option}>
                  {t("queue.filter.overdue")}
                </option>
              ) : (
                <option key={option} value={option}>
                  {t(`common:state.${option}`)}
                </option>
              ),
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.search}>{t("queue.searchLabel")}</label>
          <input
            id={ids.search}
            type="search"
            data-testid="queue-search"
            value={search}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={ids.searchHint}
            onChange={(event) => setParam("q", event.target.value, "")}
          />
          <span id={ids.searchHint} className="hint">
            {t("queue.searchHint")}
          </span>
        </div>
      </search>

      {queue.error ? <ErrorNotice error={queue.error} actions={{ retry: queue.refetch }} /> : null}
      {queue.isLoading ? (
        <p className="progress" role="status">
          {t("queue.loading")}
        </p>
      ) : null}

      <p id={ids.status} role="status" className="muted" data-testid="queue-count">
        {queue.isLoading
          ? ""
          : trimmed
            ? t("queue.countSearched", { count: shown.length, loaded: queue.items.length })
            : t("queue.count", { count: shown.length })}
      </p>
      {foundElsewhere ? (
        <p>
          <Link to={`/officer/applications/${foundElsewhere.id}`} data-testid="queue-open-reference">
            {t("queue.openById", { id: foundElsewhere.reference })}
          </Link>
        </p>
      ) : null}
      {openDirectly ? (
        <p>
          <Link to={`/officer/applications/${trimmed.toLowerCase()}`}>{t("queue.openById", { id: trimmed })}</Link>
        </p>
      ) : null}

      {shown.length > 0 ? (
        <div className="table-scroll">
          <table className="queue-table">
            <caption className="visually-hidden">{t("queue.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("queue.column.id")}</th>
                <th scope="col">{t("queue.column.product")}</th>
                <th scope="col">{t("queue.column.applicant")}</th>
                <th scope="col">{t("queue.column.nationality")}</th>
                <th scope="col">{t("queue.column.paid")}</th>
                <th scope="col">{t("queue.column.state")}</th>
                <th scope="col">{t("queue.column.deadline")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => {
                const details = rows.get(item.id);
                const overdue = isOverdue(item, now);
                return (
                  <tr
                    key={item.id}
                    data-testid={`queue-row-${item.id}`}
                    data-state={item.state}
                    className={overdue ? "queue-row-overdue" : undefined}
                  >
                    <th scope="row" className="nowrap">
                      <Link
                        className="mono"
                        to={`/officer/applications/${item.id}`}
                        aria-label={t("queue.openLabel", { id: item.reference })}
                      >
                        {item.reference}
                      </Link>
                    </th>
                    <td>{productName(item.productId) ?? item.productId}</td>
                    <td>{details ? details.applicantName : <span className="muted">{t("queue.pending")}</span>}</td>
                    <td>{details ? details.nationality : <span className="muted">{t("queue.pending")}</span>}</td>
                    <td className="nowrap">
                      {details?.paid ? (
                        formatMoney(details.paid, language, { precision: "exact" })
                      ) : (
                        <span className="muted">{t("queue.unknown")}</span>
                      )}
                    </td>
                    <td>
                      <StateBadge state={item.state} />
                    </td>
                    <td>
                      {item.decisionDeadline ? (
                        <time dateTime={item.decisionDeadline}>{formatDateTime(item.decisionDeadline, language)}</time>
                      ) : (
                        <span className="muted">{t("queue.unknown")}</span>
                      )}
                      {overdue ? (
                        <>
                          {" "}
                          <span className="badge badge-bad">{t("queue.overdue")}</span>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : !queue.isLoading && !queue.error ? (
        <p className="card muted">{trimmed ? t("queue.noMatch") : t("queue.empty")}</p>
      ) : null}

      {queue.hasMore ? (
        <div className="row">
          <button
            type="button"
            className="button button-quiet"
            data-testid="queue-load-more"
            disabled={queue.isLoadingMore}
            onClick={queue.loadMore}
          >
            {queue.isLoadingMore ? t("queue.loadingMore") : t("queue.loadMore")}
          </button>
          {trimmed ? <span className="hint muted">{t("queue.loadMoreToSearch")}</span> : null}
        </div>
      ) : null}
    </section>
  );
}
