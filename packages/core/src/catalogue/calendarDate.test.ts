import { describe, expect, it } from "vitest";
import { InvalidDateError } from "../errors/catalogue.ts";
import { ageOn, formatCalendarDate, parseCalendarDate, utcDate } from "./calendarDate.ts";

describe("calendarDate", () => {
  it("parses and formats YYYY-MM-DD as days since the epoch", () => {
    expect(parseCalendarDate("d", "1970-01-01")).toBe(0);
    expect(parseCalendarDate("d", "2026-01-01")).toBe(20_454);
    expect(formatCalendarDate(20_454)).toBe("2026-01-01");
    expect(parseCalendarDate("d", "2028-02-29") - parseCalendarDate("d", "2028-02-28")).toBe(1);
  });

  it.each(["2026-02-30", "2026-13-01", "2026-00-10", "2027-02-29", "26-01-01", "2026-1-1", "2026-01-01T00:00:00Z", ""])(
    "rejects %j instead of rolling it over",
    (value) => {
      expect(() => parseCalendarDate("travelDate", value)).toThrow(InvalidDateError);
    },
  );

  it("gives today's UTC date", () => {
    expect(utcDate(new Date("2026-03-01T23:30:00Z"))).toBe("2026-03-01");
  });

  it("counts age in completed years; a 29 February birthday turns on 1 March", () => {
    expect(ageOn("2008-03-01", "2026-02-28")).toBe(17);
    expect(ageOn("2008-03-01", "2026-03-01")).toBe(18);
    expect(ageOn("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageOn("2008-02-29", "2026-03-01")).toBe(18);
    expect(ageOn("1956-06-15", "2026-06-14")).toBe(69);
    expect(ageOn("1956-06-15", "2026-06-15")).toBe(70);
  });
});
