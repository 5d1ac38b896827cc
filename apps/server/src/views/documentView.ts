import { requiredDocuments } from "@entrada/core";
import type { identityDocuments } from "@entrada/db";
import { z } from "zod";

/**
 * A document's metadata — an identity document, or a supporting document of an application — never
 * its bytes, which `GET /identity/documents/:id` serves.
 */
export const documentViewSchema = z.object({
  id: z.string(),
  kind: z.enum(requiredDocuments),
  /** The format detected from the bytes. */
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
});

/** The JSON of {@link documentViewSchema}. */
export type DocumentView = z.infer<typeof documentViewSchema>;

/**
 * The metadata of a document row.
 *
 * @example
 * toDocumentView(row) // { id, kind: "photo", contentType: "image/jpeg", size: 48213, createdAt }
 */
export function toDocumentView(row: typeof identityDocuments.$inferSelect): DocumentView {
  return {
    id: row.id,
    kind: row.kind,
    contentType: row.contentType,
    size: row.size,
    createdAt: row.createdAt.toISOString(),
  };
}
