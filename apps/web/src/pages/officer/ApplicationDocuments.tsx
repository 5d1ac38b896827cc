import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/ApiError.ts";
import type { ApplicationDocument } from "../../api/types.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { formatFileSize } from "../../format/formatFileSize.ts";
import { formatDateTime } from "../../format/formatMoney.ts";
import { documentTypes, isOneOf } from "./officerVocabulary.ts";

/** Parameters of {@link ApplicationDocuments}. */
export type ApplicationDocumentsProps = {
  /** What the application carries: identity documents and supporting documents. */
  documents: readonly ApplicationDocument[];
  /** What the product requires (`null` while the catalogue loads). */
  required: readonly string[] | null;
  /** What the officer asked for with "needs info" and the applicant has not uploaded yet. */
  requested: readonly string[];
};

/**
 * The application's documents for its officer: what the visa requires, each marked uploaded or not,
 * and every document uploaded, opened inline in a viewer (an image, or the browser's PDF viewer).
 * Each opening is a `GET /identity/documents/:id`, which the server writes to the access log.
 */
export function ApplicationDocuments({ documents, required, requested }: ApplicationDocumentsProps) {
  const { t, i18n } = useTranslation("officer");
  const language = i18n.resolvedLanguage ?? "en";
  const [open, setOpen] = useState<string | null>(null);
  const kindName = (kind: string) => (isOneOf(documentTypes, kind) ? t(`document.${kind}`) : kind);
  const present = new Set(documents.map((document) => document.kind));
  const list = new Intl.ListFormat(language, { type: "conjunction" });

  return (
    <section className="card stack" aria-labelledby="documents-heading" data-testid="officer-documents">
      <h2 id="documents-heading">{t("documents.title")}</h2>
      {required === null ? null : required.length === 0 ? (
        <p>{t("documents.none")}</p>
      ) : (
        <>
          <h3>{t("documents.required")}</h3>
          <ul data-testid="required-documents">
            {required.map((kind) => (
              <li key={kind} data-kind={kind} data-present={present.has(kind)}>
                {kindName(kind)}:{" "}
                <span className={present.has(kind) ? "badge badge-ok" : "badge badge-bad"}>
                  {present.has(kind) ? t("documents.present") : t("documents.absent")}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {requested.length > 0 ? (
        <p className="notice notice-warn" data-testid="requested-documents">
          {t("documents.requested", { list: list.format(requested.map(kindName)) })}
        </p>
      ) : null}
      <h3>{t("documents.uploadedTitle")}</h3>
      {documents.length === 0 ? (
        <p className="muted">{t("documents.noneUploaded")}</p>
      ) : (
        <ul className="document-list">
          {documents.map((document) => (
            <li key={document.id} data-testid={`document-${document.kind}`}>
              <strong>{kindName(document.kind)}</strong>
              <span className="block muted">
                {t("documents.details", {
                  format: document.contentType === "application/pdf" ? t("documents.pdf") : t("documents.image"),
                  size: formatFileSize(document.size, language),
                  date: formatDateTime(document.createdAt, language),
                })}
              </span>
              {open === document.id ? (
                <DocumentViewer document={document} label={kindName(document.kind)} onClose={() => setOpen(null)} />
              ) : (
                <button
                  type="button"
                  className="button button-quiet"
                  data-testid={`document-view-${document.kind}`}
                  onClick={() => setOpen(document.id)}
                >
                  {t("documents.view", { kind: kindName(document.kind) })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The bytes of a document as the server sends them to its reader, as a Blob. */
async function fetchDocument(id: string, signal: AbortSignal): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/identity/documents/${encodeURIComponent(id)}`, {
      credentials: "same-origin",
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError({ status: 0, code: "NETWORK_DOWN", message: "The server could not be reached." });
  }
  if (!response.ok) {
    const json = (await response.json().catch(() => undefined)) as
      | { error?: { code?: string; message?: string; details?: unknown } }
      | undefined;
    throw new ApiError({
      status: response.status,
      code: json?.error?.code ?? (response.status >= 500 ? "SERVER_ERROR" : "BAD_RESPONSE"),
      message: json?.error?.message ?? response.statusText,
      details: json?.error?.details,
    });
  }
  return response.blob();
}

/**
 * One document, shown inline from a `blob:` URL (the CSP allows `blob:` for images and objects): the
 * bytes are fetched with the officer's session, never cached (`no-store`), and the URL is revoked
 * when the viewer closes.
 */
function DocumentViewer({
  document,
  label,
  onClose,
}: {
  document: ApplicationDocument;
  label: string;
  onClose: () => void;
}) {
  const { t } = useTranslation("officer");
  const captionId = useId();
  const blob = useQuery({
    // Every opening is a read the access log records: nothing is kept between openings.
    queryKey: ["officer", "document", document.id],
    queryFn: ({ signal }) => fetchDocument(document.id, signal),
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob.data) return;
    const created = URL.createObjectURL(blob.data);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob.data]);
  const viewerLabel = t("documents.viewerLabel", { kind: label });

  return (
    <figure className="document-viewer stack" aria-labelledby={captionId} data-testid="document-viewer">
      <figcaption id={captionId} className="visually-hidden">
        {viewerLabel}
      </figcaption>
      {blob.error ? (
        <ErrorNotice error={blob.error} actions={{ retry: () => void blob.refetch() }} />
      ) : url === null ? (
        <p className="progress" role="status">
          {t("documents.opening")}
        </p>
      ) : document.contentType === "application/pdf" ? (
        <object
          data={url}
          type="application/pdf"
          aria-label={viewerLabel}
          data-testid="document-viewer-pdf"
          className="document-viewer-pdf"
        >
          <p>
            {t("documents.pdfFallback")}{" "}
            <a href={url} download={`${document.kind}.pdf`}>
              {t("documents.download", { kind: label })}
            </a>
          </p>
        </object>
      ) : (
        <img src={url} alt={viewerLabel} data-testid="document-viewer-image" className="document-viewer-image" />
      )}
      <button type="button" className="button button-quiet" data-testid="document-close" onClick={onClose}>
        {t("documents.close")}
      </button>
    </figure>
  );
}
