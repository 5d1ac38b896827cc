import { ApiError } from "../api/ApiError.ts";
import type { DocumentView } from "./identityTypes.ts";

/** Parameters of {@link uploadDocument}. */
export type UploadDocumentParameters = {
  kind: DocumentView["kind"];
  body: Blob;
  /** The format the bytes are (from `precheckDocument`). */
  contentType: string;
  /** Called as the bytes go out: the fraction sent, 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
};

/**
 * Uploads an identity document (`POST /identity/documents?kind=…`, the file as the raw body) with
 * XMLHttpRequest, whose upload progress events `fetch` does not offer, so that a large photo shows a
 * progress bar. Fails like `api()`: an {@link ApiError} with the API's stable code, `NETWORK_DOWN`
 * when there is no answer, and an `AbortError` when `signal` aborts.
 *
 * @example
 * const document = await uploadDocument({ kind: "photo", body: file, contentType: "image/jpeg", onProgress: setProgress });
 */
export function uploadDocument({ kind, body, contentType, onProgress, signal }: UploadDocumentParameters) {
  return new Promise<DocumentView>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `/api/v1/identity/documents?kind=${encodeURIComponent(kind)}`);
    request.setRequestHeader("content-type", contentType);
    request.setRequestHeader("accept", "application/json");
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      let json: unknown;
      try {
        json = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        reject(
          new ApiError({ status: request.status, code: "BAD_RESPONSE", message: request.responseText.slice(0, 200) }),
        );
        return;
      }
      if (request.status >= 200 && request.status < 300) {
        onProgress?.(1);
        resolve(json as DocumentView);
        return;
      }
      const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      reject(
        new ApiError({
          status: request.status,
          code: error?.code ?? (request.status >= 500 ? "SERVER_ERROR" : "BAD_RESPONSE"),
          message: error?.message ?? request.statusText,
          details: error?.details,
        }),
      );
    };
    request.onerror = () =>
      reject(new ApiError({ status: 0, code: "NETWORK_DOWN", message: "The server could not be reached." }));
    request.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(body);
  });
}
