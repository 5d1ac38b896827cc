import { buildMrz } from "@entrada/identity/browser";
import { describe, expect, it } from "vitest";
import { emptyIdentity } from "../pages/traveller/apply/validateIdentity.ts";
import {
  formatOfPaste,
  identityFromApplicant,
  identityFromMrz,
  mrzErrorLine,
  mrzFeedback,
  normaliseMrzLine,
  splitMrzPaste,
  toVerificationPassport,
} from "./mrzForm.ts";

/** ICAO Doc 9303's specimen passport (TD3), expired in 2012. */
const specimen = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
const now = new Date("2026-06-01T00:00:00Z");

/** A US passport of the specimen's holder, valid until 2032. */
const passport = buildMrz({
  format: "TD3",
  issuingCountry: "USA",
  surname: "Eriksson",
  givenNames: "Anna Maria",
  documentNumber: "L898902C3",
  nationality: "USA",
  birthDate: "1990-04-12",
  sex: "F",
  expiryDate: "2032-01-01",
});

describe("normaliseMrzLine and splitMrzPaste", () => {
  it("capitalises and drops spaces, and corrects nothing else", () => {
    expect(normaliseMrzLine(" p<uto eriksson<<anna ")).toBe("P<UTOERIKSSON<<ANNA");
    expect(normaliseMrzLine("74O8122")).toBe("74O8122");
  });

  it("splits a pasted zone into its lines and guesses the format from them", () => {
    expect(splitMrzPaste(`${specimen[0]}\r\n ${specimen[1]}\n`)).toEqual(specimen);
    expect(formatOfPaste(specimen)).toBe("TD3");
    expect(formatOfPaste(["A".repeat(36), "B".repeat(36)])).toBe("TD2");
    expect(formatOfPaste(["A", "B", "C"])).toBe("TD1");
  });
});

describe("mrzFeedback", () => {
  it("accepts the ICAO specimen and reads its fields", () => {
    const feedback = mrzFeedback(specimen, "TD3", now);
    expect(feedback.valid).toBe(true);
    expect(feedback.lines.map((line) => [line.length, line.expected, line.errors])).toEqual([
      [44, 44, []],
      [44, 44, []],
    ]);
    expect(feedback.fields).toMatchObject({
      surname: "ERIKSSON",
      givenNames: "ANNA MARIA",
      documentNumber: "L898902C3",
    });
  });

  it("checks a complete first line while the second is being typed, and says nothing of the second yet", () => {
    const feedback = mrzFeedback([specimen[0]!, "L898902C3"], "TD3", now);
    expect(feedback.valid).toBe(false);
    expect(feedback.lines[0]).toMatchObject({ complete: true, errors: [] });
    expect(feedback.lines[1]).toMatchObject({ complete: false, length: 9, errors: [] });

    const badCountry = mrzFeedback([specimen[0]!.replace("UTO", "XQX"), ""], "TD3", now);
    expect(badCountry.lines[0]!.errors).toEqual([{ field: "issuingCountry", code: "invalid_country" }]);
  });

  it("puts each element's error on its line, and the composite once every line is there", () => {
    const wrongDigit = [specimen[0]!, specimen[1]!.replace("L898902C36", "L898902C37")];
    const feedback = mrzFeedback(wrongDigit, "TD3", now);
    expect(feedback.lines[0]!.errors).toEqual([]);
    expect(feedback.lines[1]!.errors).toEqual([
      { field: "documentNumber", code: "check_digit" },
      { field: "composite", code: "composite_check_digit" },
    ]);
    expect(feedback.valid).toBe(false);
  });

  it("reports a line that is too long", () => {
    const feedback = mrzFeedback([`${specimen[0]}<`, specimen[1]!], "TD3", now);
    expect(feedback.lines[0]!.errors).toEqual([{ field: "line1", code: "invalid_length" }]);
    expect(feedback.valid).toBe(false);
  });

  it("knows the lines of the card formats", () => {
    expect(mrzErrorLine("name", "TD1")).toBe(2);
    expect(mrzErrorLine("documentNumber", "TD1")).toBe(0);
    expect(mrzErrorLine("composite", "TD1")).toBe(1);
    expect(mrzErrorLine("optionalData2", "TD3")).toBeNull();
    expect(mrzErrorLine("lines", "TD3")).toBeNull();
    expect(mrzFeedback(["", "", ""], "TD1", now).lines.map((line) => line.expected)).toEqual([30, 30, 30]);
  });
});

describe("identity values from an MRZ, for a verification, from a presentation", () => {
  it("fills the typed fields from a valid MRZ, countries in ISO alpha-3", () => {
    const { fields } = mrzFeedback(passport, "TD3", now);
    expect(identityFromMrz(fields!)).toEqual({
      surname: "ERIKSSON",
      given_names: "ANNA MARIA",
      date_of_birth: "1990-04-12",
      sex: "F",
      nationality: "USA",
      passport_number: "L898902C3",
      passport_expiry_date: "2032-01-01",
      passport_issuing_country: "USA",
    });
    const german = buildMrz({
      format: "TD3",
      issuingCountry: "D",
      surname: "Müller",
      documentNumber: "C01X00T47",
      nationality: "D",
      birthDate: "1983-08-12",
      sex: "X",
      expiryDate: "2031-10-31",
    });
    expect(identityFromMrz(mrzFeedback(german, "TD3", now).fields!)).toMatchObject({
      surname: "MUELLER",
      given_names: "",
      nationality: "DEU",
      sex: "X",
    });
  });

  it("writes the verification's passport and reads a presentation's applicant", () => {
    const values = {
      ...emptyIdentity,
      given_names: " Anna María ",
      surname: "Eriksson",
      date_of_birth: "1990-04-12",
      sex: "F",
      nationality: "USA",
      passport_number: "l898 902c3",
      passport_expiry_date: "2032-01-01",
      passport_issuing_country: "USA",
    };
    expect(toVerificationPassport(values)).toEqual({
      surname: "Eriksson",
      givenNames: "Anna María",
      documentNumber: "L898902C3",
      nationality: "USA",
      birthDate: "1990-04-12",
      expiryDate: "2032-01-01",
      sex: "F",
      issuingCountry: "USA",
    });
    expect(toVerificationPassport({ ...values, sex: "", passport_issuing_country: "" })).not.toHaveProperty(
      "issuingCountry",
    );
    expect(
      identityFromApplicant({
        givenNames: "Anna María",
        surname: "Eriksson",
        dateOfBirth: "1990-04-12",
        nationality: "USA",
        passportNumber: "L898902C3",
        passportExpiryDate: "2032-01-01",
        passportIssuingCountry: "USA",
      }),
    ).toEqual({ ...values, given_names: "Anna María", passport_number: "L898902C3", sex: "" });
  });
});
