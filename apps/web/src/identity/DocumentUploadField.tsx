import type { DocumentProblem } from "@entrada/identity/browser";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormField } from "../components/FormField.tsx";
import { IdentityErrorNotice } from "./IdentityErrorNotice.tsx";
import type { DocumentView } from "./identityTypes.ts";
import { precheckDocument } from "./precheckDocument.ts";
import { uploadDocument } from "./uploadDocument.ts";

/** Parameters of {@link DocumentUploadField}. */
export type DocumentUploadFieldProps = {
  kind: DocumentView["kind"];
  /** The uploaded document, or `null`. */
  value: DocumentView | null;
  onChange: (document: DocumentView | null) => void;
  /** Say it is missing (after "Verify" without it). */
  showRequired?: boolean;
};

/** Formats a size in bytes for people: "820 kB". */
function useFormatSize() {
  const { i18n } = useTranslation("identity");
  return (bytes: number) =>
    new Intl.NumberFormat(i18n.resolvedLanguage ?? "en", {
      style: "unit",
      unit: bytes >= 1_000_000 ? "megabyte" : "kilobyte",
      maximumFractionDigits: bytes >= 1_000_000 ? 1 : 0,
    }).format(bytes >= 1_000_000 ? bytes / 1_000_000 : Math.max(1, Math.round(bytes / 1000)));
}

/**
 * One identity document to upload: the file is checked in the browser first (its real format from
 * its bytes, size, an image's dimensions — the server's own check), then sent with a progress bar
 * announced to screen readers, which can be cancelled. The problems are explained with what to do.
 *
 * @example
 * <DocumentUploadField kind="photo" value={photo} onChange={setPhoto} />
 */
export function DocumentUploadField({ kind, value, onChange, showRequired = false }: DocumentUploadFieldProps) {
  const { t } = useTranslation("identity");
  const formatSize = useFormatSize();
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [problems, setProblems] = useState<readonly DocumentProblem[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [file, setFile] = useState<File | null>(null);
  const id = `upload-${kind}`;

  useEffect(() => () => abort.current?.abort(), []);

  const send = async (chosen: File) => {
    setFailure(null);
    setProblems([]);
    onChange(null);
    const check = precheckDocument(new Uint8Array(await chosen.arrayBuffer()), chosen.type);
    if (!check.ok) {
      setProblems(check.problems);
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setProgress(0);
    try {
      const document = await uploadDocument({
        kind,
        body: chosen,
        contentType: check.mediaType,
        onProgress: setProgress,
        signal: controller.signal,
      });
      onChange(document);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === "AbortError")) setFailure(error);
      if (input.current) input.current.value = "";
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  const problemText = (problem: DocumentProblem) => {
    const message = t(`documentProblem.${problem.code}`);
    switch (problem.code) {
      case "too_large":
        return `${message} ${t("upload.sizeWas", { size: formatSize(problem.size) })}`;
      case "dimensions_too_small":
      case "dimensions_too_large":
      case "too_many_pixels":
        return `${message} ${t("upload.dimensionsWere", { width: problem.width, height: problem.height })}`;
      default:
        return message;
    }
  };

  const messages = [
    ...problems.map(problemText),
    ...(showRequired && !value && progress === null && problems.length === 0 ? [t("upload.required")] : []),
  ];
  const percent = progress === null ? 0 : Math.round(progress * 100);

  return (
    <div className="upload" data-testid={id}>
      <FormField
        id={id}
        label={t(`upload.${kind}`)}
        hint={t(`upload.${kind}Hint`)}
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
            ref={input}
            type="file"
            accept="image/jpeg,image/png,image/webp,application/pdf"
            data-testid={`${id}-input`}
            disabled={progress !== null}
            onChange={(event) => {
              const chosen = event.target.files?.[0];
              setFile(chosen ?? null);
              if (chosen) void send(chosen);
            }}
          />
        )}
      </FormField>
      <div role="status" className="upload-status" data-testid={`${id}-status`}>
        {progress !== null ? (
          <div className="row">
            <progress max={100} value={percent} aria-label={t("upload.progressLabel", { name: file?.name ?? "" })} />
            <span>{t("upload.progress", { percent })}</span>
            <button type="button" className="button button-quiet" onClick={() => abort.current?.abort()}>
              {t("upload.cancel")}
            </button>
          </div>
        ) : value ? (
          <p className="upload-done" data-testid={`${id}-done`}>
            {t("upload.done", { name: file?.name ?? t(`upload.${kind}`), size: formatSize(value.size) })}
          </p>
        ) : null}
      </div>
      {failure ? <IdentityErrorNotice error={failure} onRetry={file ? () => void send(file) : undefined} /> : null}
    </div>
  );
}
