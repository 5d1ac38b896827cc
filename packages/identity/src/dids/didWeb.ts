import type { Jwk } from "../credentials/issuerKey.ts";

/**
 * The `did:web` DID of a URL (W3C did:web method, "Create"): the host, its port percent-encoded
 * (`:` → `%3A`), then each path segment after a `:`. Resolvers fetch `<url>/did.json`, or
 * `<origin>/.well-known/did.json` for a bare origin.
 *
 * @example
 * didWeb("https://entrada.example") // "did:web:entrada.example"
 * didWeb("http://127.0.0.1:3000/authorities/th-evisa") // "did:web:127.0.0.1%3A3000:authorities:th-evisa"
 */
export function didWeb(url: string): string {
  const { host, pathname } = new URL(url);
  const segments = pathname
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => encodeURIComponent(decodeURIComponent(segment)));
  return ["did:web", encodeURIComponent(host), ...segments].join(":");
}

/** A DID document whose keys are JSON Web Keys (`JsonWebKey2020`), each usable to assert (sign) credentials. */
export type DidDocument = {
  readonly "@context": readonly string[];
  readonly id: string;
  readonly verificationMethod: readonly {
    readonly id: string;
    readonly type: "JsonWebKey2020";
    readonly controller: string;
    readonly publicKeyJwk: Jwk;
  }[];
  readonly assertionMethod: readonly string[];
};

/**
 * The DID document of `did` with `keys` as its verification methods (`<did>#<kid>`), each an
 * assertion method: a verifier resolving the DID of a credential's issuer finds the key its JWS
 * header's `kid` names. Private parts (`d`) are never copied.
 *
 * @example
 * didDocument({ did: "did:web:entrada.example", keys: [publicJwk] }).assertionMethod
 * // ["did:web:entrada.example#<kid>"]
 */
export function didDocument({ did, keys }: { did: string; keys: readonly Jwk[] }): DidDocument {
  const verificationMethod = keys.map(({ d: _private, ...publicJwk }) => {
    if (publicJwk.kid === undefined) throw new TypeError("didDocument: every key needs a kid");
    return {
      id: `${did}#${publicJwk.kid}`,
      type: "JsonWebKey2020" as const,
      controller: did,
      publicKeyJwk: publicJwk,
    };
  });
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
    id: did,
    verificationMethod,
    assertionMethod: verificationMethod.map((method) => method.id),
  };
}
