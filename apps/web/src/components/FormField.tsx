import type { ReactNode } from "react";

/** What a control inside {@link FormField} spreads on itself: its id and the links to hint and error. */
export type FieldControlProps = {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
};

/** Parameters of {@link FormField}. */
export type FormFieldProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Shown in red and announced with the control; marks it invalid. */
  error?: ReactNode;
  /** Shown but not blocking (for example a passport expiring within six months). */
  warning?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
};

/**
 * A labelled form control with its hint, error and warning, each linked to the control by
 * `aria-describedby`, the control marked `aria-invalid` while it has an error.
 *
 * @example
 * <FormField id="surname" label="Surname" error={error}>
 *   {(control) => <input {...control} value={value} onChange={…} />}
 * </FormField>
 */
export function FormField({ id, label, hint, error, warning, children }: FormFieldProps) {
  const described = [
    hint ? `${id}-hint` : undefined,
    error ? `${id}-error` : undefined,
    warning ? `${id}-warning` : undefined,
  ].filter(Boolean);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {children({
        id,
        ...(described.length > 0 ? { "aria-describedby": described.join(" ") } : {}),
        ...(error ? { "aria-invalid": true as const } : {}),
      })}
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      {warning ? (
        <div className="notice notice-warn" id={`${id}-warning`}>
          {warning}
        </div>
      ) : null}
    </div>
  );
}
