import { type RequiredDocument, requiredDocuments } from "@entrada/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";

function isDocumentKind(kind: string): kind is RequiredDocument {
  return (requiredDocuments as readonly string[]).includes(kind);
}

/** Parameters of {@link SupportingDocumentFields}. */
export type SupportingDocumentFieldsProps = {
  /** The document kinds to ask for. */
  kinds: readonly string[];
  /** The file chosen for each kind, not yet sent. */
  files: Readonly<Partial<Record<string, File>>>;
  /** Kinds already stored with the application. */
  uploaded: readonly string[];
  /** Kinds being sent now. */
  uploading?: readonly string[];
  onChoose: (kind: string, file: File | null) => void;
  /** Say which are missing (after "Submit" without them). */
  showMissing: boolean;
  legend: string;
};

/**
 * A file field per supporting document (return ticket, proof of funds…): a PDF or a photo of each.
 * The server checks the bytes when they are sent; here each field says what was chosen, what is
 * stored, and what is missing.
 */
export function SupportingDocumentFields({
  kinds,
  files,
  uploaded,
  uploading = [],
  onChoose,
  showMissing,
  legend,
}: SupportingDocumentFieldsProps) {
  const { t } = useTranslation("traveller");
  const id = useId();
  const kindName = (kind: string) => (isDocumentKind(kind) ? t(`document.${kind}`) : kind);
  return (
    <fieldset className="stack" data-testid="supporting-documents" aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <span id={`${id}-hint`} className="hint">
        {t("supporting.hint")}
      </span>
      {kinds.map((kind) => {
        const file = files[kind];
        const stored = uploaded.includes(kind);
        const missing = showMissing && !stored && file === undefined;
        const inputId = `${id}-${kind}`;
        return (
          <div className="field" key={kind}>
            <label htmlFor={inputId}>{kindName(kind)}</label>
            <input
              id={inputId}
              type="file"
              accept="application/pdf,image/jpeg,image/png,image/webp"
              data-testid={`supporting-${kind}-input`}
              aria-invalid={missing}
              aria-describedby={missing ? `${inputId}-error` : undefined}
              onChange={(event) => onChoose(kind, event.target.files?.[0] ?? null)}
            />
            {uploading.includes(kind) ? (
              <span className="progress" role="status">
                {t("supporting.uploading")}
              </span>
            ) : stored ? (
              <span className="badge badge-ok" data-testid={`supporting-${kind}-done`}>
                {t("supporting.uploaded")}
              </span>
            ) : file ? (
              <span className="hint">{t("supporting.chosen", { name: file.name })}</span>
            ) : null}
            {missing ? (
              <span id={`${inputId}-error`} className="field-error">
                {t("supporting.missing", { kind: kindName(kind) })}
              </span>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}
