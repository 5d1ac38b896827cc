import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { memo, useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { StateBadge } from "../../components/StateBadge.tsx";
import { countryName } from "../../format/countries.ts";
import { formatDateTime, formatMoney, formatNumber } from "../../format/formatMoney.ts";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { isOverdue } from "./isOverdue.ts";
import { fetchProducts, officerKeys } from "./officerQueries.ts";
import type { OfficerQueueRow } from "./officerTypes.ts";
import { isOneOf, undecidedStates } from "./officerVocabulary.ts";
import { defaultQueueFilter, type QueueFilter, queueFilters, toQueueFilter } from "./queueFilters.ts";
import { formatDuration, timeLeft } from "./timeLeft.ts";
import { useNow } from "./useNow.ts";
import { useOfficerQueue } from "./useOfficerQueue.ts";

/** How long the search waits after the last key before asking the server. */
const searchDelayMs = 300;

/**
 * The authority's applications, oldest decision deadline first, from the server a page at a time:
 * a view (needs action by default, overdue, all, or one state) with its count, a search by reference
 * or applicant name run by the server, load more, live through the event stream (rows patched in
 * place). The view and search are kept in the URL, so that "back" from an application returns to them.
 */
export function OfficerQueue({ authorityId }: { authorityId: string }) {
  const { t, i18n } = useTranslation("officer");
  const nameOf = useCatalogueName();
  const language = i18n.resolvedLanguage ?? "en";
  const [params, setParams] = useSearchParams();
  const filter = toQueueFilter(params.get("state"));
  const search = params.get("q") ?? "";
  const [typed, setTyped] = useState(search);
  const ids = { filter: useId(), search: useId(), searchHint: useId(), status: useId() };
  const queue = useOfficerQueue(authorityId, filter, search.trim());
  const products = useQuery({
    queryKey: officerKeys.products(authorityId),
    queryFn: ({ signal }) => fetchProducts(authorityId, signal),
    staleTime: 10 * 60_000,
  });
  const productName = (productId: string) => {
    const product = products.data?.find((candidate) => candidate.id === productId);
    return product ? nameOf(product) : undefined;
  };

  const setParam = useCallback(
    (name: string, value: string, fallback: string) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value === fallback) next.delete(name);
          else next.set(name, value);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  // The server searches: ask once the officer pauses typing, not at every key.
  useEffect(() => {
    if (typed === search) return;
    const timer = setTimeout(() => setParam("q", typed, ""), searchDelayMs);
    return () => clearTimeout(timer);
  }, [typed, search, setParam]);

  const counts = queue.counts;
  const countOf = (option: QueueFilter): number | undefined =>
    counts === null
      ? undefined
      : option === "all"
        ? Object.values(counts.byState).reduce((sum, count) => sum + count, 0)
        : option === "needs_action"
          ? counts.needsAction
          : option === "overdue"
            ? counts.overdue
            : counts.byState[option];
  const optionLabel = (option: QueueFilter) => {
    const label =
      option === "all"
        ? t("queue.filter.all")
        : option === "needs_action"
          ? t("queue.filter.needsAction")
          : option === "overdue"
            ? t("queue.filter.overdue")
            : t(`common:state.${option}`);
    const count = countOf(option);
    return count === undefined ? label : t("queue.filterOption", { label, count: formatNumber(count, language) });
  };
  const shown = queue.items;
  const trimmed = search.trim();

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
            onChange={(event) => setParam("state", event.target.value, defaultQueueFilter)}
          >
            {queueFilters.map((option) => (
              <option key={option} value={option}>
                {optionLabel(option)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.search}>{t("queue.searchLabel")}</label>
          <input
            id={ids.search}
            type="search"
            data-testid="queue-search"
            value={typed}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={ids.searchHint}
            onChange={(event) => setTyped(event.target.value)}
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
        {queue.isLoading || counts === null
          ? ""
          : t("queue.countOf", {
              count: counts.total,
              total: formatNumber(counts.total, language),
              shown: formatNumber(shown.length, language),
            })}
      </p>

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
                <th scope="col">{t("queue.column.serviceLevel")}</th>
                <th scope="col">{t("queue.column.deadline")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => (
                <QueueRow key={item.id} item={item} productName={productName(item.productId) ?? item.productId} />
              ))}
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
        </div>
      ) : null}
    </section>
  );
}

// Every 30 s: the time left reads in minutes, and turns to "overdue by" without a request. Only the
// cells whose words change render again (useNow's `select`), not the whole list at each tick.
const tickMs = 30_000;

/** One application of the queue; rendered again when its row or product name changes, not at each tick. */
const QueueRow = memo(function QueueRow({ item, productName }: { item: OfficerQueueRow; productName: string }) {
  const { t, i18n } = useTranslation("officer");
  const language = i18n.resolvedLanguage ?? "en";
  // The server's answer, or past the deadline since the page was read.
  const overdue = useNow(tickMs, (now) => item.overdue || isOverdue(item, now));
  // Time left counts only while the authority has yet to decide.
  const undecided = isOneOf(undecidedStates, item.state);
  return (
    <tr
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
      <td>{productName}</td>
      <td>{item.applicant.name}</td>
      <td>{countryName(item.applicant.nationality, language)}</td>
      <td className="nowrap">
        {item.paid ? (
          formatMoney(item.paid, language, { precision: "exact" })
        ) : (
          <span className="muted">{t("queue.unknown")}</span>
        )}
      </td>
      <td>
        <StateBadge state={item.state} />
      </td>
      <td className="nowrap" data-testid="queue-service-level">
        <TimeLeftLabel dueAt={undecided ? item.serviceLevel.dueAt : null} hours={item.serviceLevel.hours} />
      </td>
      <td>
        {item.decisionDeadline ? (
          <time dateTime={item.decisionDeadline}>{formatDateTime(item.decisionDeadline, language)}</time>
        ) : (
          <span className="muted">{t("queue.unknown")}</span>
        )}
        {undecided && item.decisionDeadline && !overdue ? (
          <>
            {" "}
            <DeadlineLeft deadline={item.decisionDeadline} />
          </>
        ) : null}
        {overdue ? (
          <>
            {" "}
            <span className="badge badge-bad">{t("queue.overdue")}</span>
          </>
        ) : null}
      </td>
    </tr>
  );
});

/** "1 h 12 min left", or "overdue by 20 min", against `dueAt`. */
function timeLeftText(dueAt: string, now: Date, t: TFunction<"officer">): string {
  const left = timeLeft(dueAt, now);
  const time = formatDuration(left.seconds, t);
  return left.overdue ? t("queue.overdueBy", { time }) : t("queue.timeLeft", { time });
}

/** The time left against the service level (`hours` after payment, due at `dueAt`), overdue in the bad colour; a dash without one. */
function TimeLeftLabel({ dueAt, hours }: { dueAt: string | null; hours: number }) {
  const { t } = useTranslation("officer");
  const text = useNow(tickMs, (now) => (dueAt === null ? "" : timeLeftText(dueAt, now, t)));
  const overdue = useNow(tickMs, (now) => dueAt !== null && timeLeft(dueAt, now).overdue);
  if (dueAt === null) return <span className="muted">{t("queue.unknown")}</span>;
  return (
    <time
      dateTime={dueAt}
      title={t("queue.serviceLevelTitle", { time: formatDuration(hours * 3600, t) })}
      className={overdue ? "badge badge-bad" : undefined}
    >
      {text}
    </time>
  );
}

/** "(3 d left)" beside a decision deadline not yet passed. */
function DeadlineLeft({ deadline }: { deadline: string }) {
  const { t } = useTranslation("officer");
  const text = useNow(tickMs, (now) => timeLeftText(deadline, now, t));
  return (
    <span className="muted" data-testid="queue-deadline-left">
      ({text})
    </span>
  );
}
