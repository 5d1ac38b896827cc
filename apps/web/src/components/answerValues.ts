import type { AnswerField } from "../api/requiredFields.ts";
import { isCalendarDate } from "../format/calendarDate.ts";

/**
 * How answers with structure are written as the API's single strings: travel dates as an ISO 8601
 * interval (`2026-07-01/2026-07-14`), a criminal record as `no` or `yes: <details>`.
 */

/** The two ends of a `travel_dates` answer. */
export function splitTravelDates(value: string | undefined): { start: string; end: string } {
  const [start = "", end = ""] = (value ?? "").split("/");
  return { start, end };
}

/** A `travel_dates` answer from its two ends. */
export const joinTravelDates = (start: string, end: string) => (start || end ? `${start}/${end}` : "");

/** The parts of a `criminal_record` answer: `""` (not answered), `no` or `yes` with details. */
export function splitCriminalRecord(value: string | undefined): { answer: "" | "no" | "yes"; details: string } {
  if (!value) return { answer: "", details: "" };
  if (value === "no") return { answer: "no", details: "" };
  return { answer: "yes", details: value.replace(/^yes:?\s*/, "") };
}

/** A `criminal_record` answer from its parts. */
export const joinCriminalRecord = (answer: "" | "no" | "yes", details: string) =>
  answer === "" ? "" : answer === "no" ? "no" : `yes: ${details.trim()}`;

/** Why an answer is refused; each has its message under `answerError.<code>`. */
export const answerErrorCodes = [
  "required",
  "tooLong",
  "email",
  "phone",
  "dateInvalid",
  "dateFuture",
  "datesOrder",
  "datesPast",
  "detailsRequired",
] as const;

/** One of {@link answerErrorCodes}. */
export type AnswerErrorCode = (typeof answerErrorCodes)[number];

/**
 * Checks the answers a product requires, as the traveller types them: each present, e-mail and
 * phone well formed, dates real, travel dates in order and ahead, a "yes" explained.
 *
 * @example
 * validateAnswers(["email", "travel_dates"], { email: "a@b" }, "2026-06-01")
 * // { email: "email", travel_dates: "required" }
 */
export function validateAnswers(
  fields: readonly AnswerField[],
  values: Readonly<Partial<Record<string, string>>>,
  today: string,
): Partial<Record<AnswerField, AnswerErrorCode>> {
  const errors: Partial<Record<AnswerField, AnswerErrorCode>> = {};
  for (const field of fields) {
    const value = (values[field] ?? "").trim();
    const error = check(field, value, today);
    if (error) errors[field] = error;
  }
  return errors;
}

function check(field: AnswerField, value: string, today: string): AnswerErrorCode | undefined {
  if (!value) return "required";
  if (value.length > 2000) return "tooLong";
  switch (field) {
    case "email":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : "email";
    case "phone":
      return /^\+?[0-9 ()-]{6,20}$/.test(value) && (value.match(/\d/g) ?? []).length >= 6 ? undefined : "phone";
    case "passport_issue_date":
      if (!isCalendarDate(value)) return "dateInvalid";
      return value > today ? "dateFuture" : undefined;
    case "travel_dates": {
      const { start, end } = splitTravelDates(value);
      if (!start || !end) return "required";
      if (!isCalendarDate(start) || !isCalendarDate(end)) return "dateInvalid";
      if (start < today) return "datesPast";
      return end < start ? "datesOrder" : undefined;
    }
    case "criminal_record": {
      const { answer, details } = splitCriminalRecord(value);
      return answer === "yes" && !details.trim() ? "detailsRequired" : undefined;
    }
    default:
      return undefined;
  }
}
