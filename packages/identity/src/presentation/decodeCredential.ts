import { SDJwt } from "@sd-jwt/core";
import type { Jwk } from "../credentials/issuerKey.ts";
import { sdJwtHasher } from "../credentials/sha256.ts";
import { CredentialMalformedError } from "../errors/credential.ts";
import { IdentityError } from "../errors/IdentityError.ts";
import { personalClaims } from "./claimPath.ts";
import { decodeJwt, decodeSdJwtParts } from "./decodeSdJwtParts.ts";
import { processDisclosures } from "./processDisclosures.ts";

/** What a wallet shows of a credential it holds; see {@link decodeCredential}. */
export type DecodedCredential = {
  readonly issuer: string;
  readonly vct: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Every personal claim, all disclosures applied. */
  readonly claims: Record<string, unknown>;
  /** The claim paths that can be disclosed one by one, nested ones dotted (`age_equal_or_over.18`). */
  readonly disclosable: readonly string[];
  readonly holderJwk: Jwk | undefined;
  readonly status: { readonly idx: number; readonly uri: string } | undefined;
};

/**
 * Reads a credential the holder has, to show it and to choose what to disclose. It does not verify
 * the issuer's signature (the wallet got it from the issuer over TLS; verifiers verify), but it
 * does check that every disclosure belongs to the credential.
 *
 * @throws {CredentialMalformedError} when it is not an SD-JWT VC.
 * @example
 * const { claims, disclosable, expiresAt } = await decodeCredential(credential);
 */
export async function decodeCredential(credential: string): Promise<DecodedCredential> {
  const parts = decodeSdJwtParts(credential);
  const jwt = parts === undefined ? undefined : decodeJwt(parts.issuerJwt);
  if (parts === undefined || jwt === undefined)
    throw new CredentialMalformedError({ reason: "it is not a compact SD-JWT" });
  const { payload } = jwt;
  const { iss, vct, iat, exp } = payload;
  if (typeof iss !== "string" || typeof vct !== "string" || typeof iat !== "number" || typeof exp !== "number") {
    throw new CredentialMalformedError({ reason: "iss, vct, iat or exp is missing" });
  }
  let processed: Record<string, unknown>;
  let disclosable: string[];
  try {
    processed = await processDisclosures(payload, parts.disclosures);
    disclosable = await (await SDJwt.fromEncode(parts.withoutKeyBinding, sdJwtHasher)).presentableKeys(sdJwtHasher);
  } catch (error) {
    const reason = error instanceof IdentityError ? error.shortMessage : "its disclosures cannot be read";
    throw new CredentialMalformedError({ reason, cause: error });
  }
  const cnf = payload.cnf as { jwk?: Jwk } | undefined;
  const status = (payload.status as { status_list?: { idx: number; uri: string } } | undefined)?.status_list;
  return {
    issuer: iss,
    vct,
    issuedAt: iat,
    expiresAt: exp,
    claims: personalClaims(processed),
    disclosable: disclosable.sort(),
    holderJwk: cnf?.jwk,
    status: status === undefined ? undefined : { idx: status.idx, uri: status.uri },
  };
}
