import type { Jwk } from "./issuerKey.ts";

/**
 * The JWT VC Issuer Metadata document (SD-JWT VC, section 5) served at
 * `/.well-known/jwt-vc-issuer`: verifiers find the issuer's public keys in it, so they need
 * nothing from Entrada but its public endpoints.
 */
export type IssuerMetadata = {
  readonly issuer: string;
  readonly jwks: { readonly keys: readonly Jwk[] };
};

/**
 * Where an issuer's metadata lives: `/.well-known/jwt-vc-issuer` inserted between the host and the
 * path of the issuer URL (SD-JWT VC, 5.1).
 *
 * @example
 * issuerMetadataUrl("https://entrada.example") // "https://entrada.example/.well-known/jwt-vc-issuer"
 * issuerMetadataUrl("https://id.example/tenant/7") // "https://id.example/.well-known/jwt-vc-issuer/tenant/7"
 */
export function issuerMetadataUrl(issuer: string): string {
  const url = new URL(issuer);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/+$/, "");
  return `${url.origin}/.well-known/jwt-vc-issuer${path}`;
}
