/**
 * Age in completed years on a day: the birthday counts from the day itself; someone born on
 * 29 February turns a year older on 1 March in common years.
 *
 * @example
 * ageOn("2008-03-01", "2026-02-28") // 17
 * ageOn("2008-03-01", "2026-03-01") // 18
 */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The same day some months later, or the month's last day when it is shorter
 * (31 August + 6 months = 28 February).
 *
 * @example
 * addMonths("2026-08-31", 6) // "2027-02-28"
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
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
