import { VerifyError } from "../errors/VerifyError.ts";
import type { TrustedIssuerKey } from "../seal/VisaSealData.ts";

/** An authority's SD-JWT VC issuer metadata, as `GET /.well-known/jwt-vc-issuer/authorities/<id>` serves it. */
export type IssuerMetadata = {
  /** `<origin>/authorities/<id>`. */
  issuer: string;
  jwks: { keys: readonly JsonWebKey[] };
};

function invalid(reason: string, message: string): VerifyError {
  return new VerifyError(`Issuer metadata refused: ${message}.`, {
    code: "ENTRADA_SEAL_KEY_INVALID",
    details: { reason },
  });
}

/**
 * The keys to trust from an authority's issuer metadata (`{ issuer, jwks: { keys } }`): the
 * authority id is the last segment of `issuer` (`<origin>/authorities/<id>`), each key's `kid` is
 * its own. Keys without a `kid` or not EC P-256 are left out (a JWKS may hold other keys).
 *
 * @throws {VerifyError} `ENTRADA_SEAL_KEY_INVALID` when the metadata does not have that shape.
 * @example
 * const metadata = await (await fetch(`${origin}/.well-known/jwt-vc-issuer/authorities/th-immigration`)).json();
 * trustedKeysFromIssuerMetadata(metadata, { name: "Thailand Immigration" })
 * // [{ authorityId: "th-immigration", kid: "…", publicJwk: { kty: "EC", crv: "P-256", x, y, … }, name: "Thailand Immigration" }]
 */
export function trustedKeysFromIssuerMetadata(metadata: unknown, options: { name?: string } = {}): TrustedIssuerKey[] {
  if (typeof metadata !== "object" || metadata === null) throw invalid("shape", "not a JSON object");
  const { issuer, jwks } = metadata as Partial<IssuerMetadata>;
  if (typeof issuer !== "string") throw invalid("issuer", "no issuer");
  const match = /\/authorities\/([^/?#]+)\/?$/.exec(issuer);
  if (match === null) throw invalid("issuer", "the issuer is not <origin>/authorities/<id>");
  const authorityId = decodeURIComponent(match[1]!);
  if (typeof jwks !== "object" || jwks === null || !Array.isArray(jwks.keys)) throw invalid("jwks", "no jwks.keys");
  return jwks.keys
    .filter(
      (jwk): jwk is JsonWebKey & { kid: string } =>
        typeof jwk === "object" &&
        jwk !== null &&
        typeof (jwk as { kid?: unknown }).kid === "string" &&
        jwk.kty === "EC" &&
        jwk.crv === "P-256",
    )
    .map((jwk) => ({
      authorityId,
      kid: jwk.kid,
      publicJwk: jwk,
      ...(options.name === undefined ? {} : { name: options.name }),
    }));
}
