import { type FormEvent, type InputHTMLAttributes, type ReactNode, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { IdentityField } from "../../../api/requiredFields.ts";
import { CountrySelect } from "../../../components/CountrySelect.tsx";
import { type FieldControlProps, FormField } from "../../../components/FormField.tsx";
import { todayUtc } from "../../../format/calendarDate.ts";
import { nationalityOptions } from "../../../format/countries.ts";
import { type IdentityValues, validateIdentity } from "./validateIdentity.ts";

/** Parameters of {@link IdentityStep}. */
export type IdentityStepProps = {
  values: IdentityValues;
  onChange: (values: IdentityValues) => void;
  onNext: () => void;
  /**
   * The application already exists with this passport data: shown read-only, with a way to start
   * over (the identity of an application cannot change).
   */
  locked?: boolean;
  onStartOver?: () => void;
};

const sexes = ["F", "M", "X"] as const;

const autoComplete: Partial<Record<IdentityField, string>> = {
  given_names: "given-name",
  surname: "family-name",
  date_of_birth: "bday",
};

/**
 * The identity step: the passport's data page, typed once, each field labelled with a hint and
 * checked as the traveller goes (errors after leaving a field, or all at once on "Continue", focus
 * on the first; a passport expiring within six months is flagged but allowed). A component of its
 * own so that the identity credential can replace it: a verified identity fills these values.
 *
 * @example
 * <IdentityStep values={draft.identity} onChange={setIdentity} onNext={() => go("visa")} />
 */
export function IdentityStep({ values, onChange, onNext, locked = false, onStartOver }: IdentityStepProps) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const countries = useMemo(() => nationalityOptions(language), [language]);
  const [touched, setTouched] = useState<ReadonlySet<IdentityField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const { errors, warnings } = validateIdentity(values, todayUtc());
  const shown = (field: IdentityField) => (submitted || touched.has(field)) && errors[field];
  const set = (field: IdentityField, value: string) => onChange({ ...values, [field]: value });
  const touch = (field: IdentityField) => setTouched((current) => new Set(current).add(field));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (locked) {
      onNext();
      return;
    }
    const first = (Object.keys(values) as IdentityField[]).find((field) => errors[field]);
    if (first) {
      setSubmitted(true);
      document.getElementById(`identity-${first}`)?.focus();
      return;
    }
    onNext();
  };

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
    <form noValidate onSubmit={submit} className="stack" data-testid="identity-step">
      <p className="muted">{t("identity.intro")}</p>
      <p className="hint">{t("identity.credentialLater")}</p>
      {locked ? (
        <div className="notice notice-warn">
          <p>{t("identity.locked")}</p>
          {onStartOver ? (
            <button type="button" className="button button-quiet" data-testid="start-over" onClick={onStartOver}>
              {t("identity.startOver")}
            </button>
          ) : null}
        </div>
      ) : null}
      <fieldset>
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
      <fieldset>
        <legend>{t("identity.passportLegend")}</legend>
        {text("passport_number", { maxLength: 24, autoCapitalize: "characters", spellCheck: false })}
        {text("passport_expiry_date", { type: "date", min: todayUtc() })}
        {country("passport_issuing_country")}
      </fieldset>
      <div className="row">
        <button type="submit" className="button" data-testid="identity-next">
          {t("apply.continue")}
        </button>
      </div>
    </form>
  );
}
