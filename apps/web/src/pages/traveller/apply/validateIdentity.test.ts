import { describe, expect, it } from "vitest";
import { emptyIdentity, type IdentityValues, toApplicantInput, validateIdentity } from "./validateIdentity.ts";

const today = "2026-06-01";
const valid: IdentityValues = {
  given_names: "Ana María",
  surname: "García López",
  date_of_birth: "1990-04-12",
  sex: "F",
  nationality: "ESP",
  passport_number: "paa 123456",
  passport_expiry_date: "2030-04-11",
  passport_issuing_country: "ESP",
};

describe("validateIdentity", () => {
  it("accepts a valid passport", () => {
    expect(validateIdentity(valid, today)).toEqual({ errors: {}, warnings: {} });
  });

  it("asks for every field", () => {
    const { errors } = validateIdentity(emptyIdentity, today);
    expect(Object.values(errors)).toEqual(Array(8).fill("required"));
  });

  it("refuses impossible dates, bad numbers and an expired passport", () => {
    expect(
      validateIdentity(
        {
          ...valid,
          date_of_birth: "2027-01-01",
          passport_number: "AB-1",
          passport_expiry_date: "2026-05-31",
          nationality: "es",
          sex: "Q",
        },
        today,
      ).errors,
    ).toEqual({
      date_of_birth: "dateFuture",
      passport_number: "passportFormat",
      passport_expiry_date: "expired",
      nationality: "countryInvalid",
      sex: "sexInvalid",
    });
    expect(validateIdentity({ ...valid, date_of_birth: "1890-01-01" }, today).errors).toEqual({
      date_of_birth: "tooOld",
    });
    expect(validateIdentity({ ...valid, passport_expiry_date: "2026-02-30" }, today).errors).toEqual({
      passport_expiry_date: "dateInvalid",
    });
  });

  it("warns, without blocking, when the passport expires within six months", () => {
    expect(validateIdentity({ ...valid, passport_expiry_date: "2026-11-30" }, today)).toEqual({
      errors: {},
      warnings: { passport_expiry_date: "expiresSoon" },
    });
    expect(validateIdentity({ ...valid, passport_expiry_date: "2026-12-01" }, today).warnings).toEqual({});
  });
});

describe("toApplicantInput", () => {
  it("writes the API's applicant, passport number normalised", () => {
    expect(toApplicantInput(valid)).toEqual({
      givenNames: "Ana María",
      surname: "García López",
      dateOfBirth: "1990-04-12",
      sex: "F",
      nationality: "ESP",
      passportNumber: "PAA123456",
      passportExpiryDate: "2030-04-11",
      passportIssuingCountry: "ESP",
    });
  });
});
