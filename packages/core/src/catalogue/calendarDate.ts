import { InvalidDateError } from "../errors/catalogue.ts";

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const msPerDay = 86_400_000;

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date; rejects dates that do not exist ("2026-02-30")
 * instead of letting `Date` roll them over into March.
 *
 * @example
 * parseCalendarDate("travelDate", "1970-01-02") // 1
 */
export function parseCalendarDate(field: string, value: string): number {
  const match = isoDate.exec(value);
  if (match === null) throw new InvalidDateError({ field, value });
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new InvalidDateError({ field, value });
  }
  return ms / msPerDay;
}

/**
 * A day count back to `YYYY-MM-DD`.
 *
 * @example
 * formatCalendarDate(1) // "1970-01-02"
 */
export function formatCalendarDate(days: number): string {
  return new Date(days * msPerDay).toISOString().slice(0, 10);
}

/**
 * Today's UTC date as `YYYY-MM-DD`.
 *
 * @example
 * utcDate(new Date("2026-03-01T23:30:00Z")) // "2026-03-01"
 */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Age in completed years on a day: the birthday counts from the day itself; someone born on
 * 29 February turns a year older on 1 March in common years.
 *
 * @example
 * ageOn("2008-03-01", "2026-02-28") // 17
 * ageOn("2008-03-01", "2026-03-01") // 18
 */
export function ageOn(birthDate: string, on: string): number {
  parseCalendarDate("birthDate", birthDate);
  parseCalendarDate("date", on);
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
