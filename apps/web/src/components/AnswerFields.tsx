import { useTranslation } from "react-i18next";
import type { AnswerField } from "../api/requiredFields.ts";
import {
  type AnswerErrorCode,
  joinCriminalRecord,
  joinTravelDates,
  splitCriminalRecord,
  splitTravelDates,
} from "./answerValues.ts";
import { FormField } from "./FormField.tsx";

/** Parameters of {@link AnswerFields}. */
export type AnswerFieldsProps = {
  fields: readonly AnswerField[];
  values: Readonly<Partial<Record<string, string>>>;
  onChange: (field: AnswerField, value: string) => void;
  onBlur?: (field: AnswerField) => void;
  /** The errors to show now (those of fields touched, or all after a submit attempt). */
  errors: Partial<Record<AnswerField, AnswerErrorCode>>;
  /** Prefix of the controls' ids, so two forms on a page do not clash. */
  idPrefix?: string;
};

const textareas = new Set<AnswerField>(["home_address", "address_in_destination", "previous_travel"]);

const autoComplete: Partial<Record<AnswerField, string>> = {
  email: "email",
  phone: "tel",
  home_address: "street-address",
  occupation: "organization-title",
  employer: "organization",
};

/**
 * The product's own questions (the answers of an application, not the passport): each labelled,
 * with a hint, the right keyboard (e-mail, phone, dates), its error linked. Travel dates are two
 * date fields; a criminal record is a yes/no with details when yes.
 *
 * @example
 * <AnswerFields fields={["email", "travel_dates"]} values={answers} onChange={set} errors={shown} />
 */
export function AnswerFields({ fields, values, onChange, onBlur, errors, idPrefix = "answer" }: AnswerFieldsProps) {
  const { t } = useTranslation("traveller");
  return (
    <>
      {fields.map((field) => {
        const id = `${idPrefix}-${field}`;
        const error = errors[field] ? t(`answerError.${errors[field]}`) : undefined;
        const value = values[field] ?? "";
        const blur = () => onBlur?.(field);
        if (field === "travel_dates") {
          const { start, end } = splitTravelDates(value);
          return (
            <fieldset key={field} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}>
              <legend>{t("fieldLabel.travel_dates")}</legend>
              <div className="hint" id={`${id}-hint`}>
                {t("fieldHint.travel_dates")}
              </div>
              <div className="field">
                <label htmlFor={`${id}-start`}>{t("answers.travelStart")}</label>
                <input
                  id={`${id}-start`}
                  name="travel_dates_start"
                  type="date"
                  data-testid="field-travel_dates_start"
                  value={start}
                  onChange={(event) => onChange(field, joinTravelDates(event.target.value, end))}
                  onBlur={blur}
                  {...(error ? { "aria-invalid": true } : {})}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-end`}>{t("answers.travelEnd")}</label>
                <input
                  id={`${id}-end`}
                  name="travel_dates_end"
                  type="date"
                  data-testid="field-travel_dates_end"
                  value={end}
                  min={start || undefined}
                  onChange={(event) => onChange(field, joinTravelDates(start, event.target.value))}
                  onBlur={blur}
                  {...(error ? { "aria-invalid": true } : {})}
                />
              </div>
              {error ? (
                <div className="field">
                  <div className="field-error" id={`${id}-error`}>
                    {error}
                  </div>
                </div>
              ) : null}
            </fieldset>
          );
        }
        if (field === "criminal_record") {
          const { answer, details } = splitCriminalRecord(value);
          return (
            <div key={field}>
              <FormField
                id={id}
                label={t("fieldLabel.criminal_record")}
                hint={t("fieldHint.criminal_record")}
                error={error}
              >
                {(control) => (
                  <select
                    {...control}
                    name={field}
                    data-testid={`field-${field}`}
                    value={answer}
                    onChange={(event) =>
                      onChange(field, joinCriminalRecord(event.target.value as "no" | "yes", details))
                    }
                    onBlur={blur}
                  >
                    <option value="">{t("answers.choose")}</option>
                    <option value="no">{t("answers.criminalNo")}</option>
                    <option value="yes">{t("answers.criminalYes")}</option>
                  </select>
                )}
              </FormField>
              {answer === "yes" ? (
                <FormField id={`${id}-details`} label={t("answers.criminalDetails")}>
                  {(control) => (
                    <textarea
                      {...control}
                      name="criminal_record_details"
                      data-testid="field-criminal_record_details"
                      rows={3}
                      value={details}
                      onChange={(event) => onChange(field, joinCriminalRecord("yes", event.target.value))}
                      onBlur={blur}
                    />
                  )}
                </FormField>
              ) : null}
            </div>
          );
        }
        return (
          <FormField key={field} id={id} label={t(`fieldLabel.${field}`)} hint={t(`fieldHint.${field}`)} error={error}>
            {(control) =>
              textareas.has(field) ? (
                <textarea
                  {...control}
                  name={field}
                  data-testid={`field-${field}`}
                  rows={3}
                  maxLength={2000}
                  value={value}
                  autoComplete={autoComplete[field] ?? "off"}
                  onChange={(event) => onChange(field, event.target.value)}
                  onBlur={blur}
                />
              ) : (
                <input
                  {...control}
                  name={field}
                  data-testid={`field-${field}`}
                  type={
                    field === "email"
                      ? "email"
                      : field === "phone"
                        ? "tel"
                        : field === "passport_issue_date"
                          ? "date"
                          : "text"
                  }
                  maxLength={2000}
                  value={value}
                  autoComplete={autoComplete[field] ?? "off"}
                  onChange={(event) => onChange(field, event.target.value)}
                  onBlur={blur}
                />
              )
            }
          </FormField>
        );
      })}
    </>
  );
}
