import type { TFunction } from "i18next";

/** How far `now` is from `dueAt`: time left, or how long ago it passed (`overdue`). */
export type TimeLeft = { overdue: boolean; seconds: number };

/**
 * The time left until `dueAt` (an ISO time) at `now`, in whole seconds.
 *
 * @example
 * timeLeft("2026-01-01T02:00:00Z", new Date("2026-01-01T00:48:00Z")) // { overdue: false, seconds: 4320 }
 */
export function timeLeft(dueAt: string, now: Date | number): TimeLeft {
  const seconds = Math.round((new Date(dueAt).getTime() - new Date(now).getTime()) / 1000);
  return { overdue: seconds < 0, seconds: Math.abs(seconds) };
}

/**
 * A duration as the desk reads it, in the officer's language: "1 h 12 min", "2 h", "3 d 4 h", "20 min"
 * (under a minute reads as 1 min: something is still left, or already late).
 *
 * @example
 * formatDuration(4320, t) // "1 h 12 min"
 */
export function formatDuration(seconds: number, t: TFunction<"officer">): string {
  const minutes = Math.max(1, Math.floor(seconds / 60));
  if (minutes < 60) return t("officer:duration.minutes", { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return minutes % 60 === 0
      ? t("officer:duration.hoursOnly", { hours })
      : t("officer:duration.hours", { hours, minutes: minutes % 60 });
  }
  const days = Math.floor(hours / 24);
  return hours % 24 === 0
    ? t("officer:duration.daysOnly", { days })
    : t("officer:duration.days", { days, hours: hours % 24 });
}
