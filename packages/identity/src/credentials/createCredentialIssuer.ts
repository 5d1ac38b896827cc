import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { importJWK } from "jose";
import { InvalidHolderKeyError, InvalidIdentityClaimsError } from "../errors/credential.ts";
import { utcDate } from "../kyc/calendarDate.ts";
import type { VerifiedIdentity } from "../kyc/VerifiedIdentity.ts";
import { createJwsSigner, type JwsSigner } from "./createJwsSigner.ts";
import type { StatusListState } from "./createStatusList.ts";
import {
  defaultAgeThresholds,
  type IdentityCredentialClaims,
  identityCredentialClaims,
  identityCredentialVct,
} from "./identityCredentialClaims.ts";
import type { IssuerKey, Jwk } from "./issuerKey.ts";
import type { IssuerMetadata } from "./issuerMetadata.ts";
import { randomSalt } from "./randomSalt.ts";
import { sdJwtHasher } from "./sha256.ts";
import { signJwt } from "./signJwt.ts";

/** Parameters of {@link createCredentialIssuer}. */
export type CreateCredentialIssuerParameters = {
  /** The issuer identifier (`iss`), an https URL (http on 127.0.0.1 for development). */
  issuer: string;
  /**
   * Its signing key: a private key in this process ({@link IssuerKey}), or a key that only signs,
   * whose private part stays elsewhere (a remote signer or KMS, {@link IssuerSigningKey}).
   */
  key: IssuerKey | IssuerSigningKey;
  /** Public JWKs of retired keys, still published so that credentials they signed keep verifying. */
  previousKeys?: readonly Jwk[] | undefined;
  /** Default: `identityCredentialVct(issuer)`. */
  vct?: string | undefined;
  /** Longest validity of a credential, in seconds; never beyond the document's expiry. Default one year. */
  lifetimeSeconds?: number | undefined;
  /** Ages to state in `age_equal_or_over`. Default 18 and 21. */
  ageThresholds?: readonly number[] | undefined;
  clock: () => Date;
};

/**
 * An issuer key that signs but never shows its private part: `@entrada/chain`'s `Es256Signer`, local
 * or in the remote signer, has this shape.
 */
export type IssuerSigningKey = {
  readonly kid: string;
  /** As published in the JWKS. */
  readonly publicJwk: Jwk;
  /** Signs a JWS signing input with ES256; the base64url `r‖s` signature. */
  sign(signingInput: string): Promise<string>;
};

/** Parameters of {@link CredentialIssuer.issue}. */
export type IssueCredentialParameters = {
  identity: VerifiedIdentity;
  /** The holder's public key (EC P-256 JWK) the credential is bound to (`cnf.jwk`). */
  holderJwk: Jwk;
  /** The credential's entry in a status list, for revocation. */
  status: { idx: number; uri: string };
};

/** A freshly issued credential. */
export type IssuedCredential = {
  /** The SD-JWT VC, `issuer-jwt~disclosure~…~`, to hand to the holder. */
  readonly credential: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
};

/** Parameters of {@link CredentialIssuer.signStatusList}. */
export type SignStatusListParameters = {
  list: StatusListState;
  /** Where the token is served; it becomes the token's `sub` and the credentials' `status.status_list.uri`. */
  uri: string;
  /** How long the token is valid. Default one day. */
  lifetimeSeconds?: number | undefined;
  /** How long verifiers may cache it (`ttl`). Default 300 s. */
  ttlSeconds?: number | undefined;
};

/** An issuer of Entrada identity credentials; see {@link createCredentialIssuer}. */
export type CredentialIssuer = {
  readonly issuer: string;
  readonly vct: string;
  issue(parameters: IssueCredentialParameters): Promise<IssuedCredential>;
  /** The document for `GET /.well-known/jwt-vc-issuer`. */
  metadata(): IssuerMetadata;
  /** The issuer's public keys, for a `jwks_uri`. */
  jwks(): { keys: readonly Jwk[] };
  /** A signed Status List Token (`statuslist+jwt`) of the list's current state. */
  signStatusList(parameters: SignStatusListParameters): Promise<string>;
};

/**
 * Issues Entrada's identity credential: an SD-JWT VC (`typ: dc+sd-jwt`, RFC 9901 and the SD-JWT
 * VC draft) signed with ES256, with `iss`, `iat`, `exp`, `vct`, the holder key in `cnf.jwk` and a
 * `status` reference into an IETF Token Status List in the clear, and every personal claim
 * selectively disclosable (`age_equal_or_over` per age). The credential expires after
 * `lifetimeSeconds`, or at the end of the document's expiry day if that comes first.
 *
 * The same issuer signs the status list tokens and serves the metadata verifiers need.
 *
 * @example
 * const issuer = createCredentialIssuer({ issuer: "https://entrada.example", key: await importIssuerKey(env.CREDENTIAL_ISSUER_KEY), clock: () => new Date() });
 * const { credential } = await issuer.issue({ identity: kyc.identity, holderJwk, status: { idx: 4711, uri: "https://entrada.example/api/v1/status-lists/1" } });
 */
export function createCredentialIssuer(parameters: CreateCredentialIssuerParameters): CredentialIssuer {
  const issuer = parameters.issuer.replace(/\/+$/, "");
  const vct = parameters.vct ?? identityCredentialVct(issuer);
  const lifetimeSeconds = parameters.lifetimeSeconds ?? 365 * 86_400;
  const ageThresholds = parameters.ageThresholds ?? defaultAgeThresholds;
  const { key, clock } = parameters;
  const keys = [key.publicJwk, ...(parameters.previousKeys ?? []).filter((jwk) => jwk.kid !== key.kid)];
  // Made on first use, so that constructing an issuer stays synchronous.
  let signing: Promise<{ signer: JwsSigner; sdJwt: SDJwtVcInstance }> | undefined;
  const setUp = () => {
    signing ??= (
      "sign" in key ? Promise.resolve<JwsSigner>((input) => key.sign(input)) : createJwsSigner(key.privateJwk)
    ).then((signer) => ({
      signer,
      sdJwt: new SDJwtVcInstance({
        signer,
        signAlg: "ES256",
        hasher: sdJwtHasher,
        hashAlg: "sha-256",
        saltGenerator: randomSalt,
      }),
    }));
    return signing;
  };

  return {
    issuer,
    vct,
    async issue({ identity, holderJwk, status }) {
      const now = clock();
      const claims = identityCredentialClaims(identity, { today: utcDate(now), ageThresholds });
      const cnf = { jwk: await publicHolderKey(holderJwk) };
      if (!Number.isInteger(status.idx) || status.idx < 0) {
        throw new InvalidIdentityClaimsError({ field: "status.idx", reason: "is not a whole number from 0" });
      }
      const issuedAt = Math.floor(now.getTime() / 1000);
      const documentEnd = Date.parse(`${identity.expiryDate}T00:00:00Z`) / 1000 + 86_400;
      const expiresAt = Math.min(issuedAt + lifetimeSeconds, documentEnd);
      const payload = {
        iss: issuer,
        iat: issuedAt,
        exp: expiresAt,
        vct,
        cnf,
        status: { status_list: { idx: status.idx, uri: status.uri } },
        ...claims,
      };
      const frame = {
        _sd: Object.keys(claims) as (keyof IdentityCredentialClaims)[],
        age_equal_or_over: { _sd: Object.keys(claims.age_equal_or_over) },
      };
      const { sdJwt } = await setUp();
      // @sd-jwt's DisclosureFrame type cannot follow keys computed at run time (the ages); the shape is as documented.
      const credential = await sdJwt.issue(payload, frame as never, { header: { kid: key.kid } });
      return { credential, issuedAt, expiresAt };
    },
    metadata: () => ({ issuer, jwks: { keys } }),
    jwks: () => ({ keys }),
    async signStatusList({ list, uri, lifetimeSeconds: tokenLifetime = 86_400, ttlSeconds = 300 }) {
      const iat = Math.floor(clock().getTime() / 1000);
      // draft-ietf-oauth-status-list, 5.1: the list's URI is the token's subject; `lst` is encoded by @sd-jwt's StatusList.
      const header = { alg: "ES256", typ: "statuslist+jwt", kid: key.kid };
      const payload = {
        iss: issuer,
        sub: uri,
        iat,
        exp: iat + tokenLifetime,
        ttl: ttlSeconds,
        status_list: { bits: list.bits, lst: list.serialize() },
      };
      return signJwt(header, payload, (await setUp()).signer);
    },
  };
}

/**
 * The public members of a holder key, checked: an EC P-256 point without a private `d` (which the
 * client sent by mistake). Only these go into `cnf`. Throws {@link InvalidHolderKeyError}.
 *
 * @example
 * await publicHolderKey({ kty: "EC", crv: "P-256", x, y, d }) // throws InvalidHolderKeyError
 */
export async function publicHolderKey(jwk: Jwk): Promise<Jwk> {
  if (typeof jwk !== "object" || jwk === null || jwk.kty !== "EC" || jwk.crv !== "P-256") {
    throw new InvalidHolderKeyError({ reason: "it is not an EC P-256 JWK" });
  }
  if (jwk.d !== undefined) throw new InvalidHolderKeyError({ reason: "it contains the private key (d)" });
  if (typeof jwk.x !== "string" || typeof jwk.y !== "string")
    throw new InvalidHolderKeyError({ reason: "x or y is missing" });
  const bare = { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y };
  try {
    await importJWK({ ...bare }, "ES256");
  } catch (error) {
    throw new InvalidHolderKeyError({ reason: "it is not a point on P-256", cause: error });
  }
  return bare;
}
