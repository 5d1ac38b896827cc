import { base64url } from "jose";

/** The parts of a compact SD-JWT (RFC 9901, 4): `<issuer-jwt>~<disclosure>~…~<kb-jwt or empty>`. */
export type SdJwtParts = {
  readonly issuerJwt: string;
  readonly disclosures: readonly string[];
  /** `undefined` when the SD-JWT ends with `~` (no key binding). */
  readonly keyBindingJwt: string | undefined;
  /** Everything up to and including the last `~`: what the key-binding JWT's `sd_hash` covers. */
  readonly withoutKeyBinding: string;
};

/** A decoded, not yet verified, compact JWS. */
export type DecodedJwt = {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
};

/**
 * Splits a compact SD-JWT into its parts, or `undefined` when it is not one (no `~`, an empty
 * disclosure between two `~`, a JWT part that is not three base64url segments).
 *
 * @example
 * decodeSdJwtParts("eyJ…~WyJ…~eyJ…") // { issuerJwt: "eyJ…", disclosures: ["WyJ…"], keyBindingJwt: "eyJ…", withoutKeyBinding: "eyJ…~WyJ…~" }
 */
export function decodeSdJwtParts(sdJwt: string): SdJwtParts | undefined {
  const parts = sdJwt.split("~");
  if (parts.length < 2) return undefined;
  const issuerJwt = parts[0]!;
  const last = parts[parts.length - 1]!;
  const disclosures = parts.slice(1, -1);
  if (!isCompactJws(issuerJwt) || disclosures.some((disclosure) => !/^[A-Za-z0-9_-]+$/.test(disclosure)))
    return undefined;
  if (last !== "" && !isCompactJws(last)) return undefined;
  return {
    issuerJwt,
    disclosures,
    keyBindingJwt: last === "" ? undefined : last,
    withoutKeyBinding: sdJwt.slice(0, sdJwt.length - last.length),
  };
}

/**
 * The header and payload of a compact JWS, or `undefined` when they are not base64url JSON objects.
 *
 * @example
 * decodeJwt(issuerJwt)?.header.typ // "dc+sd-jwt"
 */
export function decodeJwt(jwt: string): DecodedJwt | undefined {
  const [header, payload] = jwt.split(".").slice(0, 2).map(decodeJsonObject);
  return header === undefined || payload === undefined ? undefined : { header, payload };
}

/** A base64url-encoded JSON value, or `undefined` when it is not one. */
export function decodeBase64UrlJson(segment: string): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(base64url.decode(segment)));
  } catch {
    return undefined;
  }
}

function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  const value = decodeBase64UrlJson(segment);
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function isCompactJws(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}
