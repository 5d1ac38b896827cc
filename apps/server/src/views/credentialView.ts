import type { identityCredentials } from "@entrada/db";
import { z } from "zod";

/** An identity credential's metadata as its holder sees it (the credential itself is never stored). */
export const credentialViewSchema = z.object({
  id: z.string(),
  /** `active`, `revoked` (its status list entry says invalid), or `expired`. */
  status: z.enum(["active", "revoked", "expired"]),
  issuedAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  /** Its entry in the status list every verifier reads. */
  statusList: z.object({ id: z.number(), index: z.number(), uri: z.string() }),
});

/** The JSON of {@link credentialViewSchema}. */
export type CredentialView = z.infer<typeof credentialViewSchema>;

/**
 * The view of a credential row at `now`.
 *
 * @example
 * toCredentialView(row, { now: clock(), statusListUri: (id) => `${apiUrl}/identity/status-lists/${id}` })
 */
export function toCredentialView(
  row: typeof identityCredentials.$inferSelect,
  { now, statusListUri }: { now: Date; statusListUri: (id: number) => string },
): CredentialView {
  return {
    id: row.id,
    status: row.revokedAt !== null ? "revoked" : row.expiresAt <= now ? "expired" : "active",
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
    statusList: { id: row.statusListId, index: row.statusIndex, uri: statusListUri(row.statusListId) },
  };
}
