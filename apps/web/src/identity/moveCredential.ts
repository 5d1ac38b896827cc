import { createHolderKeyProof, createJwsSigner } from "@entrada/identity/browser";
import { api } from "../api/api.ts";
import { ensureHolderKey, saveCredential } from "./holderStore.ts";
import type { CredentialList, IssuedCredential } from "./identityTypes.ts";

/**
 * Moves the user's active credential into this browser: the holder key here (made if needed, never
 * exported) signs a proof naming the credential being moved and the issuer, the issuer re-issues the
 * credential bound to this key and revokes the copy on the other device (`moved`), and the new one is
 * kept beside the key. No new passport check; the disclosure history stays with the account.
 *
 * @example
 * await moveCredential(me.id, current.credential.id);
 */
export async function moveCredential(userId: string, credentialId: string): Promise<IssuedCredential> {
  const [holder, { issuer }] = await Promise.all([
    ensureHolderKey(userId),
    api<CredentialList>("GET", "/identity/credentials"),
  ]);
  const proof = await createHolderKeyProof({
    holderJwk: holder.publicJwk,
    signer: await createJwsSigner(holder.keyPair.privateKey),
    audience: issuer,
    nonce: credentialId,
  });
  const moved = await api<IssuedCredential>("POST", "/identity/credential/move", {
    body: { holderJwk: holder.publicJwk, proof },
  });
  await saveCredential(userId, moved.credential);
  return moved;
}
