import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import type { JwsSigner } from "../credentials/createJwsSigner.ts";
import { sdJwtHasher } from "../credentials/sha256.ts";
import { ClaimNotInCredentialError } from "../errors/credential.ts";
import { readClaimPath } from "./claimPath.ts";
import { decodeCredential } from "./decodeCredential.ts";

/** Parameters of {@link createPresentation}. */
export type CreatePresentationParameters = {
  /** The SD-JWT VC the holder was issued. */
  credential: string;
  /** The claim paths to reveal, nested ones dotted (`age_equal_or_over.18`); nothing else is disclosed. */
  disclose: readonly string[];
  /** The verifier's challenge, bound into the key-binding JWT against replay. */
  nonce: string;
  /** The verifier's identifier (`aud`), so that the presentation is worthless elsewhere. */
  audience: string;
  /** Signs with the holder key the credential is bound to (`cnf.jwk`). */
  signer: JwsSigner;
  /** Default: the system clock. */
  clock?: (() => Date) | undefined;
};

/**
 * The holder's side of a presentation: the credential with only the requested disclosures, and a
 * key-binding JWT (`typ: kb+jwt`; `iat`, `aud`, `nonce`, and `sd_hash` over the presented
 * SD-JWT) signed by the holder key. Runs in the browser with a non-extractable WebCrypto key.
 *
 * @throws {ClaimNotInCredentialError} when a requested claim is not in the credential.
 * @example
 * const signer = await createJwsSigner(holderPrivateKey);
 * const presentation = await createPresentation({ credential, disclose: ["given_name", "family_name", "age_equal_or_over.18"], nonce, audience: "https://entrada.example", signer });
 */
export async function createPresentation(parameters: CreatePresentationParameters): Promise<string> {
  const { claims } = await decodeCredential(parameters.credential);
  const missing = parameters.disclose.filter((path) => readClaimPath(claims, path) === undefined);
  if (missing.length > 0) throw new ClaimNotInCredentialError({ claims: missing });

  // A presentation frame: `{ given_name: true, age_equal_or_over: { "18": true } }`.
  type Frame = { [name: string]: Frame | boolean };
  const frame: Frame = {};
  for (const path of parameters.disclose) {
    const segments = path.split(".");
    let node = frame;
    for (const [index, segment] of segments.entries()) {
      if (index === segments.length - 1) {
        node[segment] ??= true;
      } else {
        if (typeof node[segment] !== "object") node[segment] = {};
        node = node[segment] as Frame;
      }
    }
  }
  const sdJwt = new SDJwtVcInstance({
    hasher: sdJwtHasher,
    hashAlg: "sha-256",
    kbSigner: parameters.signer,
    kbSignAlg: "ES256",
  });
  const iat = Math.floor((parameters.clock ?? (() => new Date()))().getTime() / 1000);
  // The stored credential ends with "~"; anything after it (an old key binding) is dropped first.
  const credential = parameters.credential.slice(0, parameters.credential.lastIndexOf("~") + 1);
  return sdJwt.present(credential, frame, {
    kb: { payload: { iat, aud: parameters.audience, nonce: parameters.nonce } },
  });
}
