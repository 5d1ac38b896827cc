import { type MrzFormat, mrzLayouts } from "@entrada/identity/browser";
import { type ClipboardEvent, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormField } from "../components/FormField.tsx";
import {
  formatOfPaste,
  type MrzFeedback,
  mrzFeedback,
  mrzFormats,
  normaliseMrzLine,
  splitMrzPaste,
} from "./mrzForm.ts";
import "./identity.css";

/** What the MRZ entry holds: the document's format and its lines as typed. */
export type MrzValue = { format: MrzFormat; lines: string[] };

/** An empty passport MRZ. */
export const emptyMrz: MrzValue = { format: "TD3", lines: ["", ""] };

/** Parameters of {@link MrzEntry}. */
export type MrzEntryProps = {
  value: MrzValue;
  onChange: (value: MrzValue) => void;
  /** Show every line's problems, complete or not (after "Verify"). */
  showAllErrors?: boolean;
};

/**
 * The machine readable zone typed or pasted line by line in monospace, each line checked live by
 * `validateMrz` in the browser as soon as it has its full length (the check digit of a mistyped
 * date shows at once), each problem named by its element and explained in the reader's language,
 * tied to its line by `aria-describedby`. Pasting the whole zone into any line fills every line.
 *
 * @example
 * <MrzEntry value={mrz} onChange={setMrz} />
 */
export function MrzEntry({ value, onChange, showAllErrors = false }: MrzEntryProps) {
  const { t } = useTranslation("identity");
  const id = useId();
  const [touched, setTouched] = useState<ReadonlySet<number>>(new Set());
  const feedback: MrzFeedback = useMemo(() => mrzFeedback(value.lines, value.format), [value]);
  const layout = mrzLayouts[value.format];

  const setFormat = (format: MrzFormat) => {
    const count = mrzLayouts[format].lineCount;
    onChange({ format, lines: Array.from({ length: count }, (_, index) => value.lines[index] ?? "") });
  };
  const setLine = (index: number, text: string) => {
    const lines = [...value.lines];
    lines[index] = normaliseMrzLine(text).slice(0, layout.lineLength + 2);
    onChange({ ...value, lines });
  };
  const paste = (index: number, event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = splitMrzPaste(event.clipboardData.getData("text"));
    if (pasted.length < 2) return;
    event.preventDefault();
    const format = formatOfPaste(pasted);
    const count = mrzLayouts[format].lineCount;
    const lines = Array.from({ length: count }, (_, line) => (line < index ? (value.lines[line] ?? "") : ""));
    pasted.slice(0, count - index).forEach((line, offset) => {
      lines[index + offset] = line;
    });
    onChange({ format, lines });
    setTouched(new Set(lines.map((_, line) => line)));
  };

  return (
    <fieldset className="mrz" data-testid="mrz-entry">
      <legend>{t("mrz.legend")}</legend>
      <p className="hint" id={`${id}-intro`}>
        {t("mrz.intro")}
      </p>
      <div className="field">
        <label htmlFor={`${id}-format`}>{t("mrz.format")}</label>
        <select
          id={`${id}-format`}
          data-testid="mrz-format"
          value={value.format}
          onChange={(event) => setFormat(event.target.value as MrzFormat)}
        >
          {mrzFormats.map((format) => (
            <option key={format} value={format}>
              {t(`mrzFormat.${format}`)}
            </option>
          ))}
        </select>
      </div>
      {feedback.lines.map((line, index) => {
        const show = showAllErrors || line.complete || touched.has(index);
        const errors = show ? line.errors : [];
        const incomplete = show && !line.complete && (showAllErrors || touched.has(index));
        const messages = [
          ...(incomplete ? [t("mrz.tooShort", { expected: line.expected, typed: line.length })] : []),
          ...errors.map((error) =>
            error.field.startsWith("line")
              ? t("mrz.lineLength", { expected: line.expected, typed: line.length })
              : t("mrz.problem", {
                  element: t(`mrzField.${error.field}`),
                  problem: t(`mrzError.${error.code}`),
                }),
          ),
        ];
        const lineId = `mrz-line-${index + 1}`;
        return (
          <FormField
            key={lineId}
            id={lineId}
            label={t("mrz.line", { number: index + 1 })}
            hint={t("mrz.count", { expected: line.expected, typed: line.length })}
            error={
              messages.length > 0 ? (
                <ul className="mrz-problems">
                  {messages.map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              ) : undefined
            }
          >
            {(control) => (
              <input
                {...control}
                className={`mrz-line${line.complete && line.errors.length === 0 ? " mrz-line-ok" : ""}`}
                data-testid={lineId}
                value={value.lines[index] ?? ""}
                maxLength={layout.lineLength + 2}
                autoComplete="off"
                autoCapitalize="characters"
                autoCorrect="off"
                spellCheck={false}
                onChange={(event) => setLine(index, event.target.value)}
                onPaste={(event) => paste(index, event)}
                onBlur={() => setTouched((current) => new Set(current).add(index))}
              />
            )}
          </FormField>
        );
      })}
      <p role="status" className={feedback.valid ? "notice notice-ok" : "visually-hidden"} data-testid="mrz-status">
        {feedback.valid ? t("mrz.valid") : ""}
      </p>
    </fieldset>
  );
}
