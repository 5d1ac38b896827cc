import { createJwsSigner, createPresentation } from "@entrada/identity/browser";
import { api } from "../api/api.ts";
import type { HolderRecord } from "./holderStore.ts";
import type { PresentationRequest, PresentationView } from "./identityTypes.ts";

/** Parameters of {@link presentIdentity}. */
export type PresentIdentityParameters = {
  productId: string;
  /** The holder's record, with its credential and non-extractable private key. */
  holder: HolderRecord & { credential: string };
};

/**
 * Presents the identity credential for a product (DESIGN.md, "The core loop" step 3): a
 * presentation request gives the claims the product needs and a single-use nonce; the credential
 * is presented with exactly those claims disclosed and a key-binding JWT signed in this browser by
 * the holder key; the server verifies it and answers the applicant and the `presentationId` that
 * `POST /applications` takes instead of typed passport data.
 *
 * @example
 * const presentation = await presentIdentity({ productId: "gb-eta", holder });
 * await api("POST", "/applications", { body: { productId: "gb-eta", presentationId: presentation.id, answers } });
 */
export async function presentIdentity({ productId, holder }: PresentIdentityParameters): Promise<PresentationView> {
  const request = await api<PresentationRequest>("POST", "/identity/presentation-requests", { body: { productId } });
  const signer = await createJwsSigner(holder.keyPair.privateKey as Parameters<typeof createJwsSigner>[0]);
  const presentation = await createPresentation({
    credential: holder.credential,
    disclose: request.requiredClaims,
    nonce: request.nonce,
    audience: request.audience,
    signer,
  });
  return api<PresentationView>("POST", "/identity/presentations", {
    body: { requestId: request.id, presentation },
  });
}
