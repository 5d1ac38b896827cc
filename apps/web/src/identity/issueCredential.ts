import { api } from "../api/api.ts";
import { ensureHolderKey, saveCredential } from "./holderStore.ts";
import type { IssuedCredential } from "./identityTypes.ts";

/**
 * Gets the user's identity credential into this browser after a passed check: the holder key is
 * made if needed (non-extractable, kept in IndexedDB), the issuer binds the credential to its
 * public JWK (`cnf`), and the credential is kept beside the key. An earlier credential (in another
 * browser) is revoked by the issuer as superseded.
 *
 * @example
 * await issueCredential(me.id);
 */
export async function issueCredential(userId: string): Promise<IssuedCredential> {
  const holder = await ensureHolderKey(userId);
  const issued = await api<IssuedCredential>("POST", "/identity/credential", { body: { holderJwk: holder.publicJwk } });
  await saveCredential(userId, issued.credential);
  return issued;
}
