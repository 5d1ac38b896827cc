import { describe, expect, it } from "vitest";
import { addMonths, ageOn, utcDate } from "./calendarDate.ts";

describe("calendarDate", () => {
  it("counts completed years from the birthday itself", () => {
    expect(ageOn("2008-03-01", "2026-02-28")).toBe(17);
    expect(ageOn("2008-03-01", "2026-03-01")).toBe(18);
    expect(ageOn("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageOn("2008-02-29", "2026-03-01")).toBe(18);
  });

  it("adds months, keeping to the month's last day", () => {
    expect(addMonths("2026-03-01", 6)).toBe("2026-09-01");
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2027-08-31", 6)).toBe("2028-02-29");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2026-01-31", -2)).toBe("2025-11-30");
  });

  it("takes today's date in UTC", () => {
    expect(utcDate(new Date("2026-03-01T23:30:00-05:00"))).toBe("2026-03-02");
  });
});
