import { describe, expect, test } from "vitest";
import { classifyAddress } from "./classifyAddress.ts";

describe("classifyAddress", () => {
  // Every IANA special-purpose IPv4 range, at its first and last address.
  test.each([
    ["0.0.0.0", "special", "unspecified"],
    ["0.0.0.1", "special", "unspecified"],
    ["0.255.255.255", "special", "unspecified"],
    ["10.0.0.0", "private", "private"],
    ["10.255.255.255", "private", "private"],
    ["100.64.0.1", "special", "carrierGradeNat"],
    ["100.127.255.255", "special", "carrierGradeNat"],
    ["127.0.0.1", "loopback", "loopback"],
    ["127.255.255.254", "loopback", "loopback"],
    ["169.254.169.254", "special", "linkLocal"],
    ["169.254.0.0", "special", "linkLocal"],
    ["172.16.0.0", "private", "private"],
    ["172.31.255.255", "private", "private"],
    ["192.0.0.0", "special", "reserved"],
    ["192.0.0.255", "special", "reserved"],
    ["192.0.2.1", "special", "reserved"],
    ["192.88.99.1", "special", "reserved"],
    ["192.168.0.1", "private", "private"],
    ["192.168.255.255", "private", "private"],
    ["198.18.0.0", "special", "reserved"],
    ["198.19.255.255", "special", "reserved"],
    ["198.51.100.7", "special", "reserved"],
    ["203.0.113.9", "special", "reserved"],
    ["224.0.0.1", "special", "multicast"],
    ["239.255.255.255", "special", "multicast"],
    ["240.0.0.1", "special", "reserved"],
    ["255.255.255.254", "special", "reserved"],
    ["255.255.255.255", "special", "broadcast"],
  ])("IPv4 %s is %s (%s)", (address, kind, range) => {
    expect(classifyAddress(address)).toEqual({ kind, range });
  });

  test.each([
    // Just outside each range: ordinary public addresses.
    "1.1.1.1",
    "9.255.255.255",
    "11.0.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "126.255.255.255",
    "128.0.0.0",
    "169.253.255.255",
    "169.255.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.0.1.0",
    "192.0.3.0",
    "192.88.98.255",
    "192.167.255.255",
    "192.169.0.0",
    "198.17.255.255",
    "198.20.0.0",
    "198.51.99.255",
    "203.0.112.255",
    "223.255.255.255",
    // Special-purpose but globally reachable in IANA's registry: AS112 and AMT.
    "192.31.196.1",
    "192.175.48.1",
    "192.52.193.1",
  ])("IPv4 %s is public", (address) => {
    expect(classifyAddress(address)).toEqual({ kind: "public", range: "unicast" });
  });

  test.each([
    ["::", "special", "unspecified"],
    ["::1", "loopback", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback", "loopback"],
    // IPv4-mapped and IPv4-translated: classified by the IPv4 address inside.
    ["::ffff:127.0.0.1", "loopback", "ipv4Mapped/loopback"],
    ["::ffff:7f00:1", "loopback", "ipv4Mapped/loopback"],
    ["::ffff:169.254.169.254", "special", "ipv4Mapped/linkLocal"],
    ["::ffff:10.0.0.1", "private", "ipv4Mapped/private"],
    ["::ffff:0:a9fe:a9fe", "special", "rfc6145/linkLocal"],
    // NAT64's well-known prefix: the same; its local-use /48 is refused whole.
    ["64:ff9b::127.0.0.1", "loopback", "rfc6052/loopback"],
    ["64:ff9b::a9fe:a9fe", "special", "rfc6052/linkLocal"],
    ["64:ff9b:1::1", "special", "rfc6052"],
    ["100::1", "special", "discard"],
    // 2001::/23, IETF protocol assignments, Teredo among them.
    ["2001::1", "special", "teredo"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "special", "teredo"],
    ["2001:2::1", "special", "benchmarking"],
    ["2001:1ff:ffff::1", "special", "reserved"],
    ["2001:db8::1", "special", "reserved"],
    // 6to4: classified by the IPv4 address in bits 16 to 48.
    ["2002:7f00:1::1", "loopback", "6to4/loopback"],
    ["2002:a9fe:a9fe::", "special", "6to4/linkLocal"],
    ["fc00::1", "private", "uniqueLocal"],
    ["fdff:ffff::1", "private", "uniqueLocal"],
    ["fe80::1", "special", "linkLocal"],
    ["febf:ffff::1", "special", "linkLocal"],
    ["fe80::1%eth0", "special", "linkLocal"],
    ["fec0::1", "special", "deprecatedSiteLocal"],
    ["ff00::1", "special", "multicast"],
    ["ff02::1", "special", "multicast"],
    // Outside 2000::/3 nothing is global unicast: the deprecated IPv4-compatible form included.
    ["::7f00:1", "special", "reserved"],
    ["4000::1", "special", "reserved"],
    ["3fff::1", "special", "reserved"],
    ["5f00::1", "special", "segmentRouting"],
  ])("IPv6 %s is %s (%s)", (address, kind, range) => {
    expect(classifyAddress(address)).toEqual({ kind, range });
  });

  test.each([
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "2001:200::1",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "2620:4f:8000::1",
  ])("IPv6 %s is public", (address) => {
    expect(classifyAddress(address).kind).toBe("public");
  });

  test.each(["0x7f.1", "2130706433", "127.1", "0177.0.0.1", "localhost", "", "1.2.3.4.5", "[::1]", "::g"])(
    "%s is not an address a resolver returns, so it is refused",
    (input) => {
      expect(classifyAddress(input)).toEqual({ kind: "special", range: "invalid" });
    },
  );
});
