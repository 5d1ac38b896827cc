import { isIP } from "node:net";
import { classifyAddress } from "./classifyAddress.ts";
import type { OutboundAllowance } from "./createGuardedLookup.ts";

/** What a URL registered for later outbound requests may be: the same fields as the client's policy. */
export type OutboundUrlPolicy = {
  /** Whether `http:` is accepted besides `https:`. Default false. */
  allowHttp?: boolean | undefined;
  /** Special-purpose addresses accepted besides public ones. Default none. */
  allow?: readonly OutboundAllowance[] | undefined;
};

/**
 * Why a URL that Entrada will call later (a webhook endpoint) is refused when it is registered, or
 * `undefined` when it may be registered: not a URL, another scheme than https (or http where
 * allowed), credentials in it, no host, an IP literal in a special-purpose range, or a
 * `localhost` name (RFC 6761: always loopback), trailing dot or not. A courtesy to whoever
 * registers it, answered at once: names are not resolved here (their answer may change), so the
 * check that counts is the outbound client's, at connect time.
 *
 * @example
 * refuseOutboundUrl("https://hooks.example/entrada"); // undefined
 * refuseOutboundUrl("https://0x7f.1/");               // "must not point at 127.0.0.1 (loopback)"
 * refuseOutboundUrl("http://127.0.0.1:4000/", { allowHttp: true, allow: ["loopback"] }); // undefined
 */
export function refuseOutboundUrl(url: string, policy: OutboundUrlPolicy = {}): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol !== "https:" && !(policy.allowHttp === true && parsed.protocol === "http:")) {
    return policy.allowHttp === true ? "must use https or http" : "must use https";
  }
  if (parsed.username !== "" || parsed.password !== "") return "must not carry credentials";
  // The URL parser has already turned 2130706433, 0x7f.1 and 127.1 into 127.0.0.1.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  if (host === "") return "must name a host";
  const allowed = new Set(["public", ...(policy.allow ?? [])]);
  if (isIP(host) !== 0) {
    const { kind, range } = classifyAddress(host);
    if (!allowed.has(kind)) return `must not point at ${host} (${range})`;
  } else if ((host === "localhost" || host.endsWith(".localhost")) && !allowed.has("loopback")) {
    return `must not point at ${host} (loopback)`;
  }
  return undefined;
}
