import type { Money } from "../../api/types.ts";
import { minorUnitsToMoney } from "./minorUnitsToMoney.ts";
import type { OfficerStats, OfficerStatsDay } from "./officerTypes.ts";
import { authorityStates } from "./officerVocabulary.ts";

/** One bar of the "applications by status" chart. */
export type StateBar = { state: string; count: number };

/**
 * The by-status bars: every state the authority sees, in the life cycle's order (zeros included,
 * so the chart's shape does not jump), then any state the server adds that this app does not know.
 *
 * @example
 * stateSeries({ paid: 2, issued: 5 }) // [{ state: "paid", count: 2 }, { state: "under_review", count: 0 }, …]
 */
export function stateSeries(byState: OfficerStats["byState"]): StateBar[] {
  const known: string[] = [...authorityStates];
  const extra = Object.keys(byState)
    .filter((state) => !known.includes(state))
    .sort();
  return [...known, ...extra].map((state) => ({ state, count: byState[state] ?? 0 }));
}

/**
 * The by-day lines: one point per day of the window, oldest first, missing days as zeros (the server
 * sends every day; this keeps the chart honest if it ever does not).
 *
 * @example
 * daySeries([{ day: "2026-01-02", submitted: 1, paid: 1, decided: 0 }], { days: 3, today: "2026-01-03" })
 * // [{ day: "2026-01-01", submitted: 0, … }, { day: "2026-01-02", submitted: 1, … }, { day: "2026-01-03", … }]
 */
export function daySeries(
  byDay: readonly OfficerStatsDay[],
  window?: { days: number; today: string },
): OfficerStatsDay[] {
  const sorted = [...byDay].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  if (window === undefined) return sorted;
  const byDate = new Map(sorted.map((entry) => [entry.day, entry]));
  const end = Date.parse(`${window.today}T00:00:00Z`);
  return Array.from({ length: window.days }, (_, i) => {
    const day = new Date(end - (window.days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return byDate.get(day) ?? { day, submitted: 0, paid: 0, decided: 0 };
  });
}

/** Totals of the by-day series, for the chart's description. */
export function dayTotals(series: readonly OfficerStatsDay[]): Omit<OfficerStatsDay, "day"> {
  return series.reduce(
    (sum, entry) => ({
      submitted: sum.submitted + entry.submitted,
      paid: sum.paid + entry.paid,
      decided: sum.decided + entry.decided,
    }),
    { submitted: 0, paid: 0, decided: 0 },
  );
}

/**
 * The fees released per token as money (minor units → exact decimal), ready for formatMoney.
 * Stablecoins have 6 decimals unless the deployment's token list says otherwise.
 *
 * @example
 * feesReleasedMoney([{ token: "USDC", amount: "20342355" }]) // [{ amount: "20342355", currency: "USDC", formatted: "20.342355" }]
 */
export function feesReleasedMoney(
  fees: OfficerStats["feesReleased"],
  decimalsOf: (token: string) => number | undefined = () => undefined,
): Money[] {
  return fees.map(({ token, amount }) => minorUnitsToMoney(amount, token, decimalsOf(token) ?? 6));
}

/**
 * Seconds as hours with at most one decimal, for the time-to-decision cards; `null` stays `null`
 * (no decision in the window).
 *
 * @example
 * secondsToHours(5400) // 1.5
 */
export function secondsToHours(seconds: number | null): number | null {
  return seconds === null ? null : Math.round((seconds / 3600) * 10) / 10;
}
