import { base64url } from "jose";
import { sha256 } from "../credentials/sha256.ts";
import { DisclosureTamperedError } from "../errors/presentation.ts";
import { decodeBase64UrlJson } from "./decodeSdJwtParts.ts";

/**
 * The issuer-signed payload with the presented disclosures put back in place, following RFC 9901,
 * 7.1 to the letter: each disclosure must be referenced by exactly one digest in the payload (or in
 * another disclosure), object disclosures must be `[salt, name, value]` with a name that is neither
 * `_sd` nor `...` nor already present, array disclosures `[salt, value]`; `_sd`, `_sd_alg` and
 * undisclosed array entries are removed. The `@sd-jwt` packages skip disclosures no digest refers
 * to, so an altered disclosure would silently vanish instead of being refused: hence this.
 *
 * @throws {DisclosureTamperedError} on any breach of those rules.
 * @example
 * await processDisclosures(payload, ["WyJzYWx0IiwiZ2l2ZW5fbmFtZSIsIkFubmEiXQ"]) // { ..., given_name: "Anna" }
 */
export async function processDisclosures(
  payload: Readonly<Record<string, unknown>>,
  disclosures: readonly string[],
): Promise<Record<string, unknown>> {
  const byDigest = new Map<string, unknown[]>();
  for (const disclosure of disclosures) {
    const digest = base64url.encode(await sha256(disclosure));
    if (byDigest.has(digest)) throw new DisclosureTamperedError({ reason: "the same disclosure is presented twice" });
    const decoded = decodeBase64UrlJson(disclosure);
    if (!Array.isArray(decoded) || (decoded.length !== 2 && decoded.length !== 3) || typeof decoded[0] !== "string") {
      throw new DisclosureTamperedError({ reason: "a disclosure is not [salt, name, value] or [salt, value]" });
    }
    byDigest.set(digest, decoded);
  }
  const used = new Set<string>();

  const take = (digest: unknown): unknown[] | undefined => {
    if (typeof digest !== "string") throw new DisclosureTamperedError({ reason: "a digest is not a string" });
    if (used.has(digest)) throw new DisclosureTamperedError({ reason: "a digest appears twice in the credential" });
    const disclosure = byDigest.get(digest);
    // Undisclosed and decoy digests are marked too: a second occurrence is an error either way.
    used.add(digest);
    return disclosure;
  };

  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const result: unknown[] = [];
      for (const item of value) {
        if (isArrayDigest(item)) {
          const disclosure = take(item["..."]);
          if (disclosure === undefined) continue;
          if (disclosure.length !== 2)
            throw new DisclosureTamperedError({ reason: "an array element's disclosure has a name" });
          result.push(visit(disclosure[1]));
        } else {
          result.push(visit(item));
        }
      }
      return result;
    }
    if (typeof value !== "object" || value === null) return value;
    const object = value as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(object)) {
      if (name !== "_sd") result[name] = visit(inner);
    }
    const digests = object._sd ?? [];
    if (!Array.isArray(digests)) throw new DisclosureTamperedError({ reason: "_sd is not an array" });
    for (const digest of digests) {
      const disclosure = take(digest);
      if (disclosure === undefined) continue;
      const [, name, disclosed] = disclosure;
      if (disclosure.length !== 3 || typeof name !== "string") {
        throw new DisclosureTamperedError({ reason: "an object property's disclosure has no name" });
      }
      if (name === "_sd" || name === "..." || Object.hasOwn(result, name)) {
        throw new DisclosureTamperedError({ reason: `a disclosure redefines "${name.slice(0, 40)}"` });
      }
      result[name] = visit(disclosed);
    }
    return result;
  };

  const { _sd_alg: _, ...rest } = payload;
  const processed = visit(rest) as Record<string, unknown>;
  for (const digest of byDigest.keys()) {
    if (!used.has(digest))
      throw new DisclosureTamperedError({ reason: "a disclosure is not in the issuer-signed credential" });
  }
  return processed;
}

function isArrayDigest(item: unknown): item is { "...": unknown } {
  return (
    typeof item === "object" && item !== null && !Array.isArray(item) && Object.keys(item).length === 1 && "..." in item
  );
}
