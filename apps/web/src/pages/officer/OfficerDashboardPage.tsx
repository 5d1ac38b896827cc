import { applicationStates } from "@entrada/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useClientConfig } from "../../api/ClientConfigContext.tsx";
import type { StablecoinSymbol } from "../../api/types.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { useMediaQuery } from "../../components/useMediaQuery.ts";
import { formatDate, formatMoney, formatPercentBps } from "../../format/formatMoney.ts";
import { intlLocale, toLanguage } from "../../i18n/languages.ts";
import { ChartSection } from "./ChartSection.tsx";
import { fetchAuthorities, fetchStats, officerKeys } from "./officerQueries.ts";
import type { OfficerStats } from "./officerTypes.ts";
import { isOneOf } from "./officerVocabulary.ts";
import { type Officer, RequireOfficer } from "./RequireOfficer.tsx";
import { daySeries, dayTotals, feesReleasedMoney, secondsToHours, stateSeries } from "./statsSeries.ts";
import { formatDuration } from "./timeLeft.ts";

/** The window of the dashboard, in days up to today. */
const days = 30;

/**
 * The finance CSV of the dashboard's window: today (UTC) and the `days − 1` days before, as the
 * figures count them (docs/api.md, `GET /officer/reconciliation.csv`).
 */
export function reconciliationCsvUrl(now: Date, windowDays: number): string {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (windowDays - 1) * 86_400_000);
  return `/api/v1/officer/reconciliation.csv?from=${day(from)}&to=${day(now)}`;
}

/**
 * Chart colours: the app's brand, success and warning inks, each at least 4.5:1 on white, told apart
 * by dash pattern too, so that colour is never the only cue.
 */
const palette = {
  bar: "#0b5cad",
  submitted: "#0b5cad",
  paid: "#116b3a",
  decided: "#7a4b00",
  axis: "#4a5663",
  grid: "#d5dbe1",
};

/**
 * `/officer/dashboard`: the authority's figures over the last 30 days — applications by status and
 * by day, fees released, time to decision and overdue applications — as charts with the same numbers
 * in tables, live through the event stream.
 */
export default function OfficerDashboardPage() {
  return <RequireOfficer>{(officer) => <Dashboard officer={officer} />}</RequireOfficer>;
}

function Dashboard({ officer }: { officer: Officer }) {
  const { t } = useTranslation("officer");
  const { authorityId } = officer;
  const stats = useQuery({
    queryKey: officerKeys.stats(authorityId, days),
    queryFn: ({ signal }) => fetchStats(days, signal),
  });
  const authorities = useQuery({
    queryKey: officerKeys.authorities(),
    queryFn: ({ signal }) => fetchAuthorities(signal),
    staleTime: 5 * 60_000,
  });
  const authority = authorities.data?.find((candidate) => candidate.id === authorityId);
  return (
    <div className="stack">
      <p>
        <Link to="/officer">{t("dashboard.back")}</Link>
      </p>
      <div>
        <h1 tabIndex={-1}>{t("dashboard.title")}</h1>
        <p className="muted">{t("dashboard.subtitle", { authority: authority?.name ?? authorityId, days })}</p>
        <p>
          <a href={reconciliationCsvUrl(new Date(), days)} download aria-describedby="reconciliation-hint">
            {t("dashboard.exportCsv")}
          </a>{" "}
          <span id="reconciliation-hint" className="muted">
            {t("dashboard.exportCsvHint", { days })}
          </span>
        </p>
      </div>
      {stats.error ? <ErrorNotice error={stats.error} actions={{ retry: () => void stats.refetch() }} /> : null}
      {stats.isLoading ? (
        <p className="progress" role="status">
          {t("dashboard.loading")}
        </p>
      ) : null}
      {stats.data ? <DashboardFigures stats={stats.data} /> : null}
    </div>
  );
}

function DashboardFigures({ stats }: { stats: OfficerStats }) {
  const { t, i18n } = useTranslation("officer");
  const language = i18n.resolvedLanguage ?? "en";
  const config = useClientConfig();
  // The charts draw without animation for a reader who asked for less motion.
  const reducedMotion = useMediaQuery("(prefers-reduced-motion: reduce)");
  const numbers = new Intl.NumberFormat(intlLocale[toLanguage(language)], { maximumFractionDigits: 1 });
  const span = stats.days ?? days;

  const stateLabel = (state: string) => (isOneOf(applicationStates, state) ? t(`common:state.${state}`) : state);
  const byState = stateSeries(stats.byState).map((bar) => ({ ...bar, label: stateLabel(bar.state) }));
  const totalApplications = byState.reduce((sum, bar) => sum + bar.count, 0);
  const byDay = daySeries(stats.byDay);
  const totals = dayTotals(byDay);
  const fees = feesReleasedMoney(stats.feesReleased, (token) => config.tokens[token as StablecoinSymbol]?.decimals);
  // In hours with one decimal; a decision faster than that still reads as taking some time.
  const duration = (seconds: number | null) => {
    const hours = secondsToHours(seconds);
    if (seconds === null || hours === null) return t("dashboard.noValue");
    if (seconds > 0 && hours === 0) return t("dashboard.hoursUnder", { value: numbers.format(0.1) });
    return t("dashboard.hours", { count: hours, value: numbers.format(hours) });
  };
  const seriesLabel = {
    submitted: t("dashboard.byDay.submitted"),
    paid: t("dashboard.byDay.paid"),
    decided: t("dashboard.byDay.decided"),
  };

  return (
    <>
      <dl className="stat-grid">
        <div className={`stat ${stats.overdue > 0 ? "stat-alert" : ""}`} data-testid="overdue">
          <dt>{t("dashboard.overdue")}</dt>
          <dd>{numbers.format(stats.overdue)}</dd>
          {stats.overdue > 0 ? (
            <dd className="hint">
              <Link to="/officer?state=overdue">{t("dashboard.overdueLink")}</Link>
            </dd>
          ) : null}
        </div>
        <div className="stat">
          <dt>{t("dashboard.decisions", { days: span })}</dt>
          <dd>{numbers.format(stats.timeToDecision.count)}</dd>
        </div>
      </dl>

      <section className="card" aria-labelledby="time-to-decision-heading" data-testid="time-to-decision">
        <h2 id="time-to-decision-heading">{t("dashboard.timeToDecision.title")}</h2>
        <p className="muted">
          {stats.timeToDecision.count > 0
            ? t("dashboard.timeToDecision.description", { count: stats.timeToDecision.count, days: span })
            : t("dashboard.timeToDecision.empty", { days: span })}
        </p>
        <dl className="stat-grid">
          <div className="stat">
            <dt>{t("dashboard.timeToDecision.median")}</dt>
            <dd data-testid="time-to-decision-median">{duration(stats.timeToDecision.medianSeconds)}</dd>
          </div>
          <div className="stat">
            <dt>{t("dashboard.timeToDecision.p90")}</dt>
            <dd data-testid="time-to-decision-p90">{duration(stats.timeToDecision.p90Seconds)}</dd>
          </div>
          <div className="stat">
            <dt>{t("dashboard.timeToDecision.p95")}</dt>
            <dd data-testid="time-to-decision-p95">{duration(stats.timeToDecision.p95Seconds)}</dd>
          </div>
          {stats.timeToDecision.serviceLevelHours.length > 0 ? (
            <div className="stat">
              <dt>{t("dashboard.timeToDecision.serviceLevel")}</dt>
              <dd data-testid="time-to-decision-service-level">
                {stats.timeToDecision.serviceLevelHours.map((hours) => formatDuration(hours * 3600, t)).join(" · ")}
              </dd>
            </div>
          ) : null}
          {stats.timeToDecision.count > 0 ? (
            <div className="stat">
              <dt>{t("dashboard.timeToDecision.withinServiceLevel")}</dt>
              <dd data-testid="time-to-decision-within">
                {t("dashboard.timeToDecision.withinServiceLevelValue", {
                  within: numbers.format(stats.timeToDecision.withinServiceLevel),
                  total: numbers.format(stats.timeToDecision.count),
                  percent: formatPercentBps(
                    (stats.timeToDecision.withinServiceLevel / stats.timeToDecision.count) * 10_000,
                    language,
                  ),
                })}
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="fees-heading" data-testid="fees-released">
        <h2 id="fees-heading">{t("dashboard.fees.title")}</h2>
        <p className="muted">{t("dashboard.fees.description", { days: span })}</p>
        {fees.length > 0 ? (
          <dl className="stat-grid">
            {fees.map((money) => (
              <div className="stat" key={money.currency} data-token={money.currency}>
                <dt>{money.currency}</dt>
                <dd>{formatMoney(money, language, { precision: "exact" })}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p>{t("dashboard.fees.empty", { days: span })}</p>
        )}
      </section>

      <ChartSection
        testId="chart-by-state"
        title={t("dashboard.byState.title")}
        label={t("dashboard.byState.label")}
        description={t("dashboard.byState.description", { count: totalApplications })}
        chart={
          <ResponsiveContainer width="100%" height={byState.length * 34 + 40}>
            <BarChart data={byState} layout="vertical" margin={{ top: 4, right: 32, bottom: 4, left: 4 }}>
              <CartesianGrid stroke={palette.grid} horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fill: palette.axis, fontSize: 12 }} />
              <YAxis
                type="category"
                dataKey="label"
                width={124}
                interval={0}
                tick={{ fill: palette.axis, fontSize: 12 }}
              />
              <Tooltip formatter={(value) => [value, t("dashboard.byState.count")]} />
              <Bar dataKey="count" fill={palette.bar} isAnimationActive={!reducedMotion}>
                <LabelList dataKey="count" position="right" fill={palette.axis} fontSize={12} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        }
        table={
          <table>
            <caption>{t("dashboard.byState.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.byState.state")}</th>
                <th scope="col">{t("dashboard.byState.count")}</th>
              </tr>
            </thead>
            <tbody>
              {byState.map((bar) => (
                <tr key={bar.state}>
                  <th scope="row">{bar.label}</th>
                  <td>{numbers.format(bar.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />

      <ChartSection
        testId="chart-by-day"
        title={t("dashboard.byDay.title", { days: span })}
        label={t("dashboard.byDay.label", { days: span })}
        description={t("dashboard.byDay.description", { days: span, ...totals })}
        chart={
          <ResponsiveContainer width="100%" height={280}>
            <LineChart data={byDay} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid stroke={palette.grid} />
              <XAxis
                dataKey="day"
                tickFormatter={(day: string) => formatDate(day, language)}
                minTickGap={24}
                tick={{ fill: palette.axis, fontSize: 12 }}
              />
              <YAxis allowDecimals={false} width={36} tick={{ fill: palette.axis, fontSize: 12 }} />
              <Tooltip labelFormatter={(day) => formatDate(String(day), language)} />
              <Legend itemSorter={null} />
              <Line
                type="linear"
                dataKey="submitted"
                name={seriesLabel.submitted}
                stroke={palette.submitted}
                strokeWidth={2}
                dot={false}
                isAnimationActive={!reducedMotion}
              />
              <Line
                type="linear"
                dataKey="paid"
                name={seriesLabel.paid}
                stroke={palette.paid}
                strokeWidth={2}
                strokeDasharray="6 3"
                dot={false}
                isAnimationActive={!reducedMotion}
              />
              <Line
                type="linear"
                dataKey="decided"
                name={seriesLabel.decided}
                stroke={palette.decided}
                strokeWidth={2}
                strokeDasharray="2 3"
                dot={false}
                isAnimationActive={!reducedMotion}
              />
            </LineChart>
          </ResponsiveContainer>
        }
        table={
          <table>
            <caption>{t("dashboard.byDay.title", { days: span })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.byDay.day")}</th>
                <th scope="col">{seriesLabel.submitted}</th>
                <th scope="col">{seriesLabel.paid}</th>
                <th scope="col">{seriesLabel.decided}</th>
              </tr>
            </thead>
            <tbody>
              {byDay.map((entry) => (
                <tr key={entry.day}>
                  <th scope="row">
                    <time dateTime={entry.day}>{formatDate(entry.day, language)}</time>
                  </th>
                  <td>{numbers.format(entry.submitted)}</td>
                  <td>{numbers.format(entry.paid)}</td>
                  <td>{numbers.format(entry.decided)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </>
  );
}
