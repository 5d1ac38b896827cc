import { StatusList } from "@sd-jwt/jwt-status-list";
import { base64url, compactVerify, importJWK } from "jose";
import { identityCredentialVct } from "../credentials/identityCredentialClaims.ts";
import type { Jwk } from "../credentials/issuerKey.ts";
import { sha256 } from "../credentials/sha256.ts";
import {
  AudienceMismatchError,
  CredentialExpiredError,
  CredentialRevokedError,
  CredentialSignatureInvalidError,
  CredentialSuspendedError,
  CredentialTypeInvalidError,
  IssuerMetadataInvalidError,
  IssuerMetadataUnavailableError,
  IssuerUntrustedError,
  KeyBindingInvalidError,
  MissingRequiredClaimError,
  NonceMismatchError,
  PresentationMalformedError,
  StatusListInvalidError,
  StatusListUnavailableError,
  UnknownIssuerKeyError,
} from "../errors/presentation.ts";
import { personalClaims, readClaimPath } from "./claimPath.ts";
import { decodeJwt, decodeSdJwtParts } from "./decodeSdJwtParts.ts";
import { processDisclosures } from "./processDisclosures.ts";

/** Parameters of {@link verifyPresentation}. */
export type VerifyPresentationParameters = {
  /** The compact SD-JWT with its key-binding JWT, as the holder sent it. */
  presentation: string;
  /** The nonce this verifier handed out for this presentation (single use: the caller burns it). */
  nonce: string;
  /** This verifier's identifier, which the key-binding JWT's `aud` must equal. */
  audience: string;
  /** Claim paths that must be disclosed (`given_name`, `age_equal_or_over.18`). Default none. */
  requiredClaims?: readonly string[] | undefined;
  /** Issuer URLs (`iss`) whose credentials are accepted. */
  trustedIssuers: readonly string[];
  /** Fetches an issuer's JWT VC Issuer Metadata (`{ issuer, jwks: { keys } }`), for example from `issuerMetadataUrl(issuer)`. */
  fetchIssuerMetadata: (issuer: string) => Promise<unknown>;
  /** Fetches the Status List Token (compact JWT) at a credential's `status.status_list.uri`. */
  fetchStatusList: (uri: string) => Promise<string>;
  clock: () => Date;
  /** The credential type to accept. Default: `identityCredentialVct(iss)`. */
  vct?: string | undefined;
  /** How old a key-binding JWT may be. Default 300 s. */
  maxKeyBindingAgeSeconds?: number | undefined;
  /** Clock difference tolerated between issuer, holder and verifier. Default 60 s. */
  clockSkewSeconds?: number | undefined;
};

/** A presentation that passed every check, with what it proves. */
export type VerifiedPresentation = {
  readonly issuer: string;
  readonly vct: string;
  /** The disclosed personal claims (registered claims such as `iss` and `cnf` are given apart). */
  readonly claims: Record<string, unknown>;
  readonly holderJwk: Jwk;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly status: { readonly idx: number; readonly uri: string };
  /** When the holder signed the key binding. */
  readonly presentedAt: number;
};

/**
 * Verifies an SD-JWT VC presentation with key binding, using only the issuer's public endpoints
 * (metadata and status list, fetched through the injected functions), so that a partner verifier
 * needs nothing else from Entrada. In order:
 *
 * 1. structure; the issuer JWT's `typ` (`dc+sd-jwt`) and `alg` (ES256); `iss` is trusted;
 * 2. the issuer's key by `kid` from its `/.well-known/jwt-vc-issuer` metadata, and the signature;
 * 3. `vct`, `iat`/`nbf`/`exp`;
 * 4. the disclosures (RFC 9901, 7.1: each one signed for, none twice);
 * 5. the key-binding JWT: `kb+jwt`, signed by `cnf.jwk`, `sd_hash`, `nonce`, `aud`, fresh `iat`;
 * 6. the status list token (signed by the issuer, `sub` is the list) and the credential's entry;
 * 7. every required claim disclosed.
 *
 * Each failure throws its own error with a stable code (see `identityErrorCodes`).
 *
 * @example
 * const { claims } = await verifyPresentation({
 *   presentation, nonce, audience: "https://partner.example", requiredClaims: ["given_name", "age_equal_or_over.18"],
 *   trustedIssuers: ["https://entrada.example"], ...createHttpCredentialFetchers(), clock: () => new Date(),
 * });
 */
export async function verifyPresentation(parameters: VerifyPresentationParameters): Promise<VerifiedPresentation> {
  const skew = parameters.clockSkewSeconds ?? 60;
  const maxAge = parameters.maxKeyBindingAgeSeconds ?? 300;
  const now = Math.floor(parameters.clock().getTime() / 1000);

  const parts = decodeSdJwtParts(parameters.presentation);
  if (parts === undefined) throw new PresentationMalformedError({ reason: "it is not a compact SD-JWT" });
  const jwt = decodeJwt(parts.issuerJwt);
  if (jwt === undefined) throw new PresentationMalformedError({ reason: "the issuer JWT cannot be decoded" });
  const { header, payload } = jwt;
  if (header.typ !== "dc+sd-jwt") {
    throw new CredentialTypeInvalidError({ field: "typ", expected: "dc+sd-jwt", actual: String(header.typ) });
  }
  if (header.alg !== "ES256")
    throw new CredentialTypeInvalidError({ field: "alg", expected: "ES256", actual: String(header.alg) });
  const issuer = payload.iss;
  if (typeof issuer !== "string") throw new PresentationMalformedError({ reason: "the credential has no iss" });
  if (!parameters.trustedIssuers.map(trimSlash).includes(trimSlash(issuer))) throw new IssuerUntrustedError({ issuer });

  const keys = await issuerKeys(issuer, parameters.fetchIssuerMetadata);
  const issuerKey = findKey(keys, header.kid);
  if (issuerKey === undefined)
    throw new UnknownIssuerKeyError({ issuer, kid: typeof header.kid === "string" ? header.kid : undefined });
  if (!(await verifies(parts.issuerJwt, issuerKey))) throw new CredentialSignatureInvalidError();

  const vct = parameters.vct ?? identityCredentialVct(issuer);
  if (payload.vct !== vct)
    throw new CredentialTypeInvalidError({ field: "vct", expected: vct, actual: String(payload.vct) });
  const sdAlg = payload._sd_alg ?? "sha-256";
  if (sdAlg !== "sha-256")
    throw new CredentialTypeInvalidError({ field: "_sd_alg", expected: "sha-256", actual: String(sdAlg) });
  const { iat, exp, nbf } = payload;
  if (typeof iat !== "number" || typeof exp !== "number") {
    throw new PresentationMalformedError({ reason: "the credential has no numeric iat and exp" });
  }
  if (exp + skew < now) throw new CredentialExpiredError({ expiresAt: exp, now });
  const notBefore = Math.max(iat, typeof nbf === "number" ? nbf : iat);
  if (notBefore - skew > now) throw new CredentialExpiredError({ notBefore, now });

  const claims = await processDisclosures(payload, parts.disclosures);

  const holderJwk = (payload.cnf as { jwk?: Jwk } | undefined)?.jwk;
  const presentedAt = await verifyKeyBinding(parts, holderJwk, parameters, now, { skew, maxAge });

  const status = (payload.status as { status_list?: { idx?: unknown; uri?: unknown } } | undefined)?.status_list;
  if (status === undefined || !Number.isInteger(status.idx) || typeof status.uri !== "string") {
    throw new StatusListInvalidError({ uri: "", reason: "the credential has no status list entry" });
  }
  const entry = { idx: status.idx as number, uri: status.uri };
  await checkStatus(entry, keys, parameters.fetchStatusList, now, skew);

  const missing = (parameters.requiredClaims ?? []).filter((path) => readClaimPath(claims, path) === undefined);
  if (missing.length > 0) throw new MissingRequiredClaimError({ missing });

  return {
    issuer,
    vct,
    claims: personalClaims(claims),
    holderJwk: holderJwk!,
    issuedAt: iat,
    expiresAt: exp,
    status: entry,
    presentedAt,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

async function issuerKeys(
  issuer: string,
  fetchMetadata: (issuer: string) => Promise<unknown>,
): Promise<readonly Jwk[]> {
  let metadata: unknown;
  try {
    metadata = await fetchMetadata(issuer);
  } catch (error) {
    throw new IssuerMetadataUnavailableError({ issuer, cause: error });
  }
  const invalid = (reason: string) => new IssuerMetadataInvalidError({ issuer, reason });
  if (typeof metadata !== "object" || metadata === null) throw invalid("it is not a JSON object");
  const { issuer: named, jwks } = metadata as { issuer?: unknown; jwks?: { keys?: unknown } };
  if (typeof named !== "string" || trimSlash(named) !== trimSlash(issuer)) throw invalid("it names another issuer");
  const keys = jwks?.keys;
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== "object" || key === null)) {
    throw invalid("jwks.keys is not an array of JWKs (jwks_uri is not supported)");
  }
  return keys as Jwk[];
}

/** The key a JWT names by `kid`; a JWT without `kid` is accepted only when the issuer has a single key. */
function findKey(keys: readonly Jwk[], kid: unknown): Jwk | undefined {
  if (typeof kid === "string") return keys.find((key) => key.kid === kid);
  return keys.length === 1 ? keys[0] : undefined;
}

async function verifies(jws: string, jwk: Jwk): Promise<boolean> {
  try {
    const key = await importJWK(
      { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } as Parameters<typeof importJWK>[0],
      "ES256",
    );
    await compactVerify(jws, key, { algorithms: ["ES256"] });
    return true;
  } catch {
    return false;
  }
}

async function verifyKeyBinding(
  parts: NonNullable<ReturnType<typeof decodeSdJwtParts>>,
  holderJwk: Jwk | undefined,
  parameters: VerifyPresentationParameters,
  now: number,
  { skew, maxAge }: { skew: number; maxAge: number },
): Promise<number> {
  if (parts.keyBindingJwt === undefined) throw new KeyBindingInvalidError({ reason: "missing" });
  const kb = decodeJwt(parts.keyBindingJwt);
  if (kb === undefined) throw new KeyBindingInvalidError({ reason: "malformed" });
  if (kb.header.typ !== "kb+jwt") throw new KeyBindingInvalidError({ reason: "typ" });
  if (kb.header.alg !== "ES256") throw new KeyBindingInvalidError({ reason: "alg" });
  if (holderJwk === undefined || typeof holderJwk !== "object")
    throw new KeyBindingInvalidError({ reason: "no_holder_key" });
  if (!(await verifies(parts.keyBindingJwt, holderJwk))) throw new KeyBindingInvalidError({ reason: "signature" });
  const sdHash = base64url.encode(await sha256(parts.withoutKeyBinding));
  if (kb.payload.sd_hash !== sdHash) throw new KeyBindingInvalidError({ reason: "sd_hash" });
  if (kb.payload.nonce !== parameters.nonce) throw new NonceMismatchError();
  if (kb.payload.aud !== parameters.audience) throw new AudienceMismatchError({ expected: parameters.audience });
  const iat = kb.payload.iat;
  if (typeof iat !== "number") throw new KeyBindingInvalidError({ reason: "malformed" });
  if (iat - skew > now) throw new KeyBindingInvalidError({ reason: "future" });
  if (iat + maxAge + skew < now) throw new KeyBindingInvalidError({ reason: "stale" });
  return iat;
}

const statusBits = new Set([1, 2, 4, 8]);

async function checkStatus(
  entry: { idx: number; uri: string },
  keys: readonly Jwk[],
  fetchStatusList: (uri: string) => Promise<string>,
  now: number,
  skew: number,
): Promise<void> {
  const { idx, uri } = entry;
  let token: string;
  try {
    token = await fetchStatusList(uri);
  } catch (error) {
    throw new StatusListUnavailableError({ uri, cause: error });
  }
  const invalid = (reason: string, cause?: unknown) => new StatusListInvalidError({ uri, reason, cause });
  const jwt = typeof token === "string" ? decodeJwt(token) : undefined;
  if (jwt === undefined) throw invalid("it is not a JWT");
  if (jwt.header.typ !== "statuslist+jwt") throw invalid('its typ is not "statuslist+jwt"');
  const key = findKey(keys, jwt.header.kid);
  if (key === undefined || !(await verifies(token, key))) throw invalid("it is not signed by the credential's issuer");
  const {
    sub,
    exp,
    status_list: list,
  } = jwt.payload as { sub?: unknown; exp?: unknown; status_list?: { bits?: unknown; lst?: unknown } };
  if (sub !== uri) throw invalid("its sub is another list");
  if (typeof exp === "number" && exp + skew < now) throw invalid("it has expired");
  if (typeof list?.lst !== "string" || typeof list.bits !== "number" || !statusBits.has(list.bits)) {
    throw invalid("it has no status_list with bits and lst");
  }
  let statuses: StatusList;
  try {
    statuses = StatusList.decompressStatusList(list.lst, list.bits as 1 | 2 | 4 | 8);
  } catch (error) {
    throw invalid("its list cannot be decompressed", error);
  }
  if (idx >= statuses.statusList.length) throw invalid("the credential's index is outside the list");
  const status = statuses.getStatus(idx);
  if (status === 2) throw new CredentialSuspendedError({ uri, index: idx });
  if (status !== 0) throw new CredentialRevokedError({ uri, index: idx, status });
}
