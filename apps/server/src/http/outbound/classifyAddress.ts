import ipaddr from "ipaddr.js";

/**
 * What an IP address is, for outbound requests: `public` (globally reachable), `loopback` (this
 * machine), `private` (a local network: RFC 1918, IPv6 unique local) or `special` (every other
 * special-purpose range: link-local and cloud metadata, shared address space, documentation,
 * benchmarking, multicast, reserved, and the IPv6 transition ranges that hide an address).
 */
export type AddressKind = "public" | "loopback" | "private" | "special";

/** The result of {@link classifyAddress}. */
export type AddressClass = {
  kind: AddressKind;
  /**
   * The range that decided, for messages and logs: `unicast`, `loopback`, `linkLocal`,
   * `carrierGradeNat`, `teredo`, `ipv4Mapped/loopback` (an IPv4 address inside an IPv6 one), …
   */
  range: string;
};

/**
 * IPv4 ranges that are special-purpose but globally reachable in IANA's registry (AS112 DNS,
 * AMT relays): public for our purpose.
 */
const publicIpv4Ranges = new Set(["unicast", "as112", "amt"]);

// The IPv6 prefixes that IANA has allocated for global unicast (2000::/3); outside it nothing is.
const globalUnicast = ipaddr.parseCIDR("2000::/3") as [ipaddr.IPv6, number];
// IETF protocol assignments (Teredo 2001::/32, benchmarking, ORCHID…): refused as a whole.
const ietfProtocolAssignments = ipaddr.parseCIDR("2001::/23") as [ipaddr.IPv6, number];
// The well-known NAT64 prefix: the last 32 bits are the IPv4 address reached.
const nat64WellKnown = ipaddr.parseCIDR("64:ff9b::/96") as [ipaddr.IPv6, number];

/**
 * Classifies an IP address (IPv4 or IPv6, as a resolver or `URL#hostname` without brackets gives
 * it) against IANA's special-purpose registries, with ipaddr.js's ranges. IPv6 forms that carry an
 * IPv4 address (IPv4-mapped `::ffff:0:0/96`, IPv4-translated `::ffff:0:0:0/96`, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`) are classified by that IPv4 address, so `::ffff:127.0.0.1` is
 * loopback. Anything that is not an address is `special` (`range: "invalid"`): callers refuse it.
 *
 * @example
 * classifyAddress("169.254.169.254"); // { kind: "special", range: "linkLocal" }
 * classifyAddress("::ffff:7f00:1");    // { kind: "loopback", range: "ipv4Mapped/loopback" }
 * classifyAddress("2606:4700::1111");  // { kind: "public", range: "unicast" }
 */
export function classifyAddress(address: string): AddressClass {
  // Only the strict forms a resolver returns: "0x7f.1" and friends are the URL parser's business,
  // and it has turned them into dotted decimals before a request gets here.
  if (!ipaddr.IPv4.isValidFourPartDecimal(address) && !ipaddr.IPv6.isValid(address)) {
    return { kind: "special", range: "invalid" };
  }
  const parsed = ipaddr.parse(address);
  return parsed.kind() === "ipv4" ? classifyIpv4(parsed as ipaddr.IPv4) : classifyIpv6(parsed as ipaddr.IPv6);
}

function classifyIpv4(address: ipaddr.IPv4): AddressClass {
  const range = address.range();
  if (publicIpv4Ranges.has(range)) return { kind: "public", range: "unicast" };
  if (range === "loopback") return { kind: "loopback", range };
  if (range === "private") return { kind: "private", range };
  return { kind: "special", range };
}

function classifyIpv6(address: ipaddr.IPv6): AddressClass {
  const range = address.range();
  const embedded = embeddedIpv4(address, range);
  if (embedded !== undefined) {
    const inner = classifyIpv4(embedded);
    return { kind: inner.kind, range: `${range}/${inner.range}` };
  }
  if (range === "loopback") return { kind: "loopback", range };
  if (range === "uniqueLocal") return { kind: "private", range };
  if (address.match(ietfProtocolAssignments))
    return { kind: "special", range: range === "unicast" ? "reserved" : range };
  if (range === "unicast" || range === "as112v6") {
    return address.match(globalUnicast) ? { kind: "public", range: "unicast" } : { kind: "special", range: "reserved" };
  }
  return { kind: "special", range };
}

/** The IPv4 address an IPv6 address stands for, in the ranges that embed one. */
function embeddedIpv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (range === "ipv4Mapped" || range === "rfc6145") return fromWords(parts[6]!, parts[7]!);
  if (range === "rfc6052" && address.match(nat64WellKnown)) return fromWords(parts[6]!, parts[7]!);
  if (range === "6to4") return fromWords(parts[1]!, parts[2]!);
  return undefined;
}
