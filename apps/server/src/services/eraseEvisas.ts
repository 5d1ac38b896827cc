import { type Executor, evisas, type Json } from "@entrada/db";
import { eq, inArray } from "drizzle-orm";
import type { RecordCipher } from "../crypto/createRecordCipher.ts";
import { type EvisaSecrets, evisaContext, evisaErasureRevoker } from "./createEvisaService.ts";
import { setEvisaStatusEntry } from "./setEvisaStatusEntry.ts";

/**
 * Erases the e-visas of applications whose holder erased their account (`DELETE /me`), in the
 * erasure's transaction: the SD-JWT VC and the seal (name, birth date, passport number) are sealed
 * again as empty strings under a fresh data key, replacing the ciphertext and the only wrapped copy
 * of its data key; and each e-visa is revoked for good in its status list, so a copy kept elsewhere
 * (a screenshot of the QR, a wallet) verifies as revoked. The clear columns stay with the paid
 * application's records: reference, dates, status list entry (never given again), revocation.
 *
 * @returns how many e-visas were erased.
 * @example
 * await db.transaction((tx) => eraseEvisas(tx, { cipher, applicationIds, at: clock() }));
 */
export async function eraseEvisas(
  tx: Executor,
  { cipher, applicationIds, at }: { cipher: RecordCipher; applicationIds: readonly string[]; at: Date },
): Promise<number> {
  if (applicationIds.length === 0) return 0;
  const rows = await tx
    .select()
    .from(evisas)
    .where(inArray(evisas.applicationId, [...applicationIds]))
    .for("update");
  for (const row of rows) {
    await setEvisaStatusEntry(tx, { entry: row, status: "invalid" });
    const empty: EvisaSecrets = { sdJwt: "", seal: "" };
    const sealed = cipher.seal(empty as Json, evisaContext(row.applicationId));
    await tx
      .update(evisas)
      .set({
        ciphertext: sealed.ciphertext,
        nonce: sealed.nonce,
        wrappedDataKey: sealed.wrappedDataKey,
        masterKeyId: sealed.masterKeyId,
        // An officer's earlier revocation keeps its date; its reason went to the traveller and is theirs.
        revokedAt: row.revokedAt ?? at,
        revokeReason: "The holder's account was erased.",
        revokedBy: evisaErasureRevoker,
      })
      .where(eq(evisas.id, row.id));
  }
  return rows.length;
}
