import { type InputHTMLAttributes, type ReactNode, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { IdentityField } from "../api/requiredFields.ts";
import { CountrySelect } from "../components/CountrySelect.tsx";
import { type FieldControlProps, FormField } from "../components/FormField.tsx";
import { todayUtc } from "../format/calendarDate.ts";
import { nationalityOptions } from "../format/countries.ts";
import "./identity.css";
import { type IdentityValues, validateIdentity } from "../pages/traveller/apply/validateIdentity.ts";

/** Parameters of {@link PassportFields}. */
export type PassportFieldsProps = {
  values: IdentityValues;
  onChange: (values: IdentityValues) => void;
  /** Shown read-only: the data comes from the verified credential, or the application exists. */
  locked?: boolean;
  /** Every error at once (after "Continue" or "Verify"), not only those of fields left. */
  showAllErrors?: boolean;
};

const sexes = ["F", "M", "X"] as const;

const autoComplete: Partial<Record<IdentityField, string>> = {
  given_names: "given-name",
  surname: "family-name",
  date_of_birth: "bday",
};

/**
 * The passport's data page as form fields, each labelled with a hint and checked as the traveller
 * goes (errors after leaving a field, or all at once when asked; a passport expiring within six
 * months is flagged but allowed). Read-only when locked: selects become disabled, inputs read-only.
 * Ids are `identity-<field>`, so that a step can focus the first field in error.
 *
 * @example
 * <PassportFields values={values} onChange={setValues} showAllErrors={submitted} />
 */
export function PassportFields({ values, onChange, locked = false, showAllErrors = false }: PassportFieldsProps) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const countries = useMemo(() => nationalityOptions(language), [language]);
  const [touched, setTouched] = useState<ReadonlySet<IdentityField>>(new Set());
  const { errors, warnings } = validateIdentity(values, todayUtc());
  const shown = (field: IdentityField) => !locked && (showAllErrors || touched.has(field)) && errors[field];
  const set = (field: IdentityField, value: string) => onChange({ ...values, [field]: value });
  const touch = (field: IdentityField) => setTouched((current) => new Set(current).add(field));

  const field = (name: IdentityField, control: (props: FieldControlProps) => ReactNode) => (
    <FormField
      key={name}
      id={`identity-${name}`}
      label={t(`fieldLabel.${name}`)}
      hint={t(`fieldHint.${name}`)}
      error={shown(name) ? t(`identityError.${errors[name]!}`) : undefined}
      warning={warnings[name] ? t(`identityError.${warnings[name]}`) : undefined}
    >
      {control}
    </FormField>
  );

  const text = (name: IdentityField, extra: InputHTMLAttributes<HTMLInputElement> = {}) =>
    field(name, (control) => (
      <input
        {...control}
        {...extra}
        name={name}
        data-testid={`field-${name}`}
        value={values[name]}
        readOnly={locked}
        autoComplete={autoComplete[name] ?? "off"}
        onChange={(event) => set(name, event.target.value)}
        onBlur={() => touch(name)}
      />
    ));

  const country = (name: "nationality" | "passport_issuing_country") =>
    field(name, (control) => (
      <CountrySelect
        {...control}
        name={name}
        data-testid={`field-${name}`}
        options={countries}
        placeholder={t("eligibility.chooseCountry")}
        value={values[name]}
        disabled={locked}
        onChange={(event) => set(name, event.target.value)}
        onBlur={() => touch(name)}
      />
    ));

  return (
    <>
      <fieldset className={locked ? "passport-locked" : undefined}>
        <legend>{t("identity.nameLegend")}</legend>
        {text("given_names", { maxLength: 100 })}
        {text("surname", { maxLength: 100 })}
        {text("date_of_birth", { type: "date", max: todayUtc() })}
        {field("sex", (control) => (
          <select
            {...control}
            name="sex"
            data-testid="field-sex"
            value={values.sex}
            disabled={locked}
            onChange={(event) => set("sex", event.target.value)}
            onBlur={() => touch("sex")}
          >
            <option value="">{t("answers.choose")}</option>
            {sexes.map((sex) => (
              <option key={sex} value={sex}>
                {t(`sex.${sex}`)}
              </option>
            ))}
          </select>
        ))}
        {country("nationality")}
      </fieldset>
      <fieldset className={locked ? "passport-locked" : undefined}>
        <legend>{t("identity.passportLegend")}</legend>
        {text("passport_number", { maxLength: 24, autoCapitalize: "characters", spellCheck: false })}
        {text("passport_expiry_date", { type: "date", min: todayUtc() })}
        {country("passport_issuing_country")}
      </fieldset>
    </>
  );
}

/**
 * The first field in error, focused, or `null` when every field is valid.
 *
 * @example
 * if (focusFirstPassportError(values)) { setSubmitted(true); return; }
 */
export function focusFirstPassportError(values: IdentityValues): string | null {
  const { errors } = validateIdentity(values, todayUtc());
  const first = (Object.keys(values) as IdentityField[]).find((field) => errors[field]);
  if (!first) return null;
  document.getElementById(`identity-${first}`)?.focus();
  return first;
}
