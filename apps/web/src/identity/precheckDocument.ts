import { checkDocumentUpload, type DocumentMediaType, type DocumentProblem } from "@entrada/identity/browser";

/** What {@link precheckDocument} finds: the format to send it as, or the problems to fix first. */
export type DocumentPrecheck =
  | { ok: true; mediaType: DocumentMediaType; size: number }
  | { ok: false; problems: readonly DocumentProblem[] };

/** The problems an upload can have, each explained under `identity:documentProblem.<code>`. */
export const documentProblemCodes = [
  "empty",
  "too_large",
  "unsupported_type",
  "type_mismatch",
  "unreadable",
  "dimensions_too_small",
  "dimensions_too_large",
  "too_many_pixels",
] as const satisfies readonly DocumentProblem["code"][];

/**
 * Checks a chosen file in the browser as the server will (`checkDocumentUpload`: the format from
 * its bytes, the size, an image's dimensions), so that a photo too small to read is refused before
 * it is sent. The file's own type is only the browser's guess from its name: when the bytes are
 * another accepted format, the file is sent as what its bytes are.
 *
 * @example
 * const check = precheckDocument(new Uint8Array(await file.arrayBuffer()), file.type);
 * if (check.ok) await uploadDocument({ kind: "photo", body: file, contentType: check.mediaType, … });
 */
export function precheckDocument(bytes: Uint8Array, fileType: string): DocumentPrecheck {
  const check = checkDocumentUpload({ bytes, declaredType: fileType || "application/octet-stream" });
  if (check.ok) return { ok: true, mediaType: check.mediaType, size: check.size };
  const mismatch = check.problems.find((problem) => problem.code === "type_mismatch");
  const others = check.problems.filter((problem) => problem.code !== "type_mismatch");
  if (mismatch?.code === "type_mismatch" && others.length === 0) {
    return { ok: true, mediaType: mismatch.detectedType, size: bytes.byteLength };
  }
  return { ok: false, problems: others.length > 0 ? others : check.problems };
}
