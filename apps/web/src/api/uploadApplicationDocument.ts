import { ApiError } from "./ApiError.ts";
import type { ApplicationDetails } from "./travellerTypes.ts";

/** Identity documents come with the verified identity; an application asks for the others itself. */
const identityDocumentKinds: readonly string[] = ["passport_bio_page", "photo"];

/**
 * The supporting documents a product requires (return ticket, proof of funds…): its required
 * documents less the identity documents.
 *
 * @example
 * supportingDocumentKinds({ requiredDocuments: ["passport_bio_page", "photo", "itinerary"] }) // ["itinerary"]
 */
export function supportingDocumentKinds(product: { requiredDocuments: readonly string[] }): string[] {
  return product.requiredDocuments.filter((kind) => !identityDocumentKinds.includes(kind));
}

/** The media type to declare for a file: what the browser says, else let the server's sniffing decide. */
function declaredType(file: Blob): string {
  return ["image/jpeg", "image/png", "image/webp", "application/pdf"].includes(file.type)
    ? file.type
    : "application/octet-stream";
}

/**
 * Uploads a supporting document to an application (`POST /applications/:id/documents?kind=…`, the
 * file as the raw body); the server checks its bytes and seals it like identity documents. Answers
 * the application as it then is. Fails like `api()`, with the API's stable code.
 *
 * @example
 * const application = await uploadApplicationDocument(id, "return_ticket", file);
 */
export async function uploadApplicationDocument(
  applicationId: string,
  kind: string,
  file: Blob,
): Promise<ApplicationDetails> {
  let response: Response;
  try {
    response = await fetch(
      `/api/v1/applications/${encodeURIComponent(applicationId)}/documents?kind=${encodeURIComponent(kind)}`,
      {
        method: "POST",
        credentials: "same-origin",
        headers: { accept: "application/json", "content-type": declaredType(file) },
        body: file,
      },
    );
  } catch {
    throw new ApiError({ status: 0, code: "NETWORK_DOWN", message: "The server could not be reached." });
  }
  const json = (await response.json().catch(() => undefined)) as
    | (ApplicationDetails & { error?: { code?: string; message?: string; details?: unknown } })
    | undefined;
  if (!response.ok || json === undefined) {
    throw new ApiError({
      status: response.status,
      code: json?.error?.code ?? (response.status >= 500 ? "SERVER_ERROR" : "BAD_RESPONSE"),
      message: json?.error?.message ?? response.statusText,
      details: json?.error?.details,
    });
  }
  return json;
}
