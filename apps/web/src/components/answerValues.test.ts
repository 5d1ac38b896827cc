import { describe, expect, it } from "vitest";
import {
  joinCriminalRecord,
  joinTravelDates,
  splitCriminalRecord,
  splitTravelDates,
  validateAnswers,
} from "./answerValues.ts";

const today = "2026-06-01";

describe("answer values", () => {
  it("writes travel dates as an interval and reads them back", () => {
    expect(joinTravelDates("2026-07-01", "2026-07-14")).toBe("2026-07-01/2026-07-14");
    expect(splitTravelDates("2026-07-01/2026-07-14")).toEqual({ start: "2026-07-01", end: "2026-07-14" });
    expect(joinTravelDates("", "")).toBe("");
    expect(splitTravelDates(undefined)).toEqual({ start: "", end: "" });
  });

  it("writes a criminal record as no, or yes with details", () => {
    expect(joinCriminalRecord("no", "ignored")).toBe("no");
    expect(joinCriminalRecord("yes", " speeding fine 2019 ")).toBe("yes: speeding fine 2019");
    expect(splitCriminalRecord("yes: speeding fine 2019")).toEqual({ answer: "yes", details: "speeding fine 2019" });
    expect(splitCriminalRecord("")).toEqual({ answer: "", details: "" });
  });

  it("accepts complete, well-formed answers", () => {
    expect(
      validateAnswers(
        ["email", "phone", "home_address", "travel_dates", "criminal_record", "passport_issue_date"],
        {
          email: "ana@example.com",
          phone: "+34 600 123 456",
          home_address: "Calle Mayor 1, Madrid",
          travel_dates: "2026-07-01/2026-07-14",
          criminal_record: "no",
          passport_issue_date: "2020-01-15",
        },
        today,
      ),
    ).toEqual({});
  });

  it("names what is wrong with each answer", () => {
    expect(
      validateAnswers(
        ["email", "phone", "home_address", "travel_dates", "criminal_record", "passport_issue_date", "occupation"],
        {
          email: "ana@example",
          phone: "12",
          home_address: "   ",
          travel_dates: "2026-07-14/2026-07-01",
          criminal_record: "yes: ",
          passport_issue_date: "2027-01-01",
          occupation: "x".repeat(2001),
        },
        today,
      ),
    ).toEqual({
      email: "email",
      phone: "phone",
      home_address: "required",
      travel_dates: "datesOrder",
      criminal_record: "detailsRequired",
      passport_issue_date: "dateFuture",
      occupation: "tooLong",
    });
    expect(validateAnswers(["travel_dates"], { travel_dates: "2026-05-01/2026-05-10" }, today)).toEqual({
      travel_dates: "datesPast",
    });
    expect(validateAnswers(["travel_dates"], { travel_dates: "2026-07-01/" }, today)).toEqual({
      travel_dates: "required",
    });
    expect(validateAnswers(["passport_issue_date"], { passport_issue_date: "2026-02-30" }, today)).toEqual({
      passport_issue_date: "dateInvalid",
    });
  });
});
