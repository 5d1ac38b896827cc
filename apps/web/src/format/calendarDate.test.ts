import { describe, expect, it } from "vitest";
import { addMonths, isCalendarDate, todayUtc } from "./calendarDate.ts";

describe("calendar dates", () => {
  it("accepts only real dates written YYYY-MM-DD", () => {
    expect(["2026-02-28", "2024-02-29"].map(isCalendarDate)).toEqual([true, true]);
    expect(["2026-02-29", "2026-13-01", "26-01-01", "", "2026-1-1"].map(isCalendarDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("adds months, clamping the day to the month's end", () => {
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2026-01-15", 6)).toBe("2026-07-15");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
  });

  it("tells today's UTC date", () => {
    expect(todayUtc(new Date("2026-06-01T23:30:00-05:00"))).toBe("2026-06-02");
  });
});
