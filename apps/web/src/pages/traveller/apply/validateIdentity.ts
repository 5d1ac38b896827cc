import type { IdentityField } from "../../../api/requiredFields.ts";
import type { ApplicantInput } from "../../../api/types.ts";
import { addMonths, isCalendarDate } from "../../../format/calendarDate.ts";

/** The identity step's values, one string per passport field (as typed). */
export type IdentityValues = Record<IdentityField, string>;

/** Empty identity values. */
export const emptyIdentity: IdentityValues = {
  given_names: "",
  surname: "",
  date_of_birth: "",
  sex: "",
  nationality: "",
  passport_number: "",
  passport_expiry_date: "",
  passport_issuing_country: "",
};

/** Why a passport field is refused or flagged; each has its message under `identityError.<code>`. */
export const identityErrorCodes = [
  "required",
  "tooLong",
  "dateInvalid",
  "dateFuture",
  "tooOld",
  "passportFormat",
  "countryInvalid",
  "sexInvalid",
  "expired",
  "expiresSoon",
] as const;

/** One of {@link identityErrorCodes}. */
export type IdentityErrorCode = (typeof identityErrorCodes)[number];

/** What {@link validateIdentity} finds: errors block the step, warnings only inform. */
export type IdentityCheck = {
  errors: Partial<Record<IdentityField, IdentityErrorCode>>;
  warnings: Partial<Record<IdentityField, IdentityErrorCode>>;
};

/** A passport number as the API wants it: capitals and digits, no spaces. */
export const normalisePassportNumber = (value: string) => value.replace(/[\s-]/g, "").toUpperCase();

/** Months of validity many authorities want left on a passport at arrival. */
export const passportValidityMonths = 6;

/**
 * Checks passport data as typed, the way the API will (names present, real dates, a passport
 * number of 5–20 letters and digits, alpha-3 countries) and more: a birth date in the past, a
 * passport not expired — and a warning when it expires within six months, which many authorities
 * refuse at the border.
 *
 * @example
 * validateIdentity({ ...values, passport_expiry_date: "2026-09-01" }, "2026-06-01").warnings
 * // { passport_expiry_date: "expiresSoon" }
 */
export function validateIdentity(values: IdentityValues, today: string): IdentityCheck {
  const errors: IdentityCheck["errors"] = {};
  const warnings: IdentityCheck["warnings"] = {};
  for (const field of Object.keys(emptyIdentity) as IdentityField[]) {
    const value = values[field].trim();
    if (!value) {
      errors[field] = "required";
      continue;
    }
    switch (field) {
      case "given_names":
      case "surname":
        if (value.length > 100) errors[field] = "tooLong";
        break;
      case "sex":
        if (!["F", "M", "X"].includes(value)) errors[field] = "sexInvalid";
        break;
      case "nationality":
      case "passport_issuing_country":
        if (!/^[A-Z]{3}$/.test(value)) errors[field] = "countryInvalid";
        break;
      case "passport_number":
        if (!/^[A-Z0-9]{5,20}$/.test(normalisePassportNumber(value))) errors[field] = "passportFormat";
        break;
      case "date_of_birth":
        if (!isCalendarDate(value)) errors[field] = "dateInvalid";
        else if (value > today) errors[field] = "dateFuture";
        else if (value < addMonths(today, -130 * 12)) errors[field] = "tooOld";
        break;
      case "passport_expiry_date":
        if (!isCalendarDate(value)) errors[field] = "dateInvalid";
        else if (value < today) errors[field] = "expired";
        else if (value < addMonths(today, passportValidityMonths)) warnings[field] = "expiresSoon";
        break;
    }
  }
  return { errors, warnings };
}

/**
 * The identity values as `POST /applications` takes them (`applicant`).
 *
 * @example
 * toApplicantInput(values).passportNumber // "AB1234567"
 */
export function toApplicantInput(values: IdentityValues): ApplicantInput {
  return {
    givenNames: values.given_names.trim(),
    surname: values.surname.trim(),
    dateOfBirth: values.date_of_birth,
    ...(values.sex === "F" || values.sex === "M" || values.sex === "X" ? { sex: values.sex } : {}),
    nationality: values.nationality,
    passportNumber: normalisePassportNumber(values.passport_number),
    passportExpiryDate: values.passport_expiry_date,
    passportIssuingCountry: values.passport_issuing_country,
  };
}
