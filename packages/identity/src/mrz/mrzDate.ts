/** Which date an MRZ `YYMMDD` is: the century is inferred differently for each. */
export type MrzDateKind = "birth" | "expiry";

/**
 * The calendar date (`YYYY-MM-DD`) of an MRZ `YYMMDD`, or `undefined` when it is not six digits or
 * not a day that exists. The MRZ drops the century, so it is inferred from `today`: a birth date is
 * the latest that is not in the future; an expiry date is the one within 50 years of today.
 *
 * @example
 * readMrzDate("740812", "birth", "2026-01-01") // "1974-08-12"
 * readMrzDate("120415", "expiry", "2026-01-01") // "2012-04-15"
 * readMrzDate("250229", "expiry", "2026-01-01") // undefined (2025 is no leap year)
 */
export function readMrzDate(value: string, kind: MrzDateKind, today: string): string | undefined {
  if (!/^\d{6}$/.test(value)) return undefined;
  const yy = Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  const todayYear = Number(today.slice(0, 4));
  const century = Math.floor(todayYear / 100) * 100;
  let year = century + yy;
  if (kind === "birth") {
    const candidate = `${year}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
    if (candidate > today) year -= 100;
  } else if (year > todayYear + 50) {
    year -= 100;
  } else if (year < todayYear - 50) {
    year += 100;
  }
  if (!isCalendarDate(year, month, day)) return undefined;
  return `${String(year).padStart(4, "0")}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
}

/**
 * The MRZ `YYMMDD` of a calendar date.
 *
 * @example
 * writeMrzDate("1974-08-12") // "740812"
 */
export function writeMrzDate(date: string): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}

/**
 * Whether a string is a `YYYY-MM-DD` date that exists (no 30 February).
 *
 * @example
 * isIsoDate("2024-02-29") // true
 * isIsoDate("2025-02-29") // false
 */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0-99 to 1900-1999; setting the full year avoids that for the check.
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
