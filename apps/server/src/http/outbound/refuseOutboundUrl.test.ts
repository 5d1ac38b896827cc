import { describe, expect, test } from "vitest";
import { refuseOutboundUrl } from "./refuseOutboundUrl.ts";

describe("refuseOutboundUrl", () => {
  test.each([
    ["http://hooks.example/", "must use https"],
    ["ftp://hooks.example/", "must use https"],
    ["javascript:alert(1)", "must use https"],
    ["not a url", "is not a URL"],
    ["https://user:secret@hooks.example/", "must not carry credentials"],
    ["https://user@hooks.example/", "must not carry credentials"],
    ["https://localhost/", "must not point at localhost (loopback)"],
    ["https://localhost./", "must not point at localhost (loopback)"],
    ["https://api.localhost/", "must not point at api.localhost (loopback)"],
    ["https://127.0.0.1/", "must not point at 127.0.0.1 (loopback)"],
    ["https://2130706433/", "must not point at 127.0.0.1 (loopback)"],
    ["https://0x7f.1/", "must not point at 127.0.0.1 (loopback)"],
    ["https://127.1./", "must not point at 127.0.0.1 (loopback)"],
    ["https://0.0.0.1/", "must not point at 0.0.0.1 (unspecified)"],
    ["https://100.64.0.1/", "must not point at 100.64.0.1 (carrierGradeNat)"],
    ["https://224.0.0.1/", "must not point at 224.0.0.1 (multicast)"],
    ["https://169.254.169.254/", "must not point at 169.254.169.254 (linkLocal)"],
    ["https://10.1.2.3/", "must not point at 10.1.2.3 (private)"],
    ["https://[::1]/", "must not point at ::1 (loopback)"],
    ["https://[::ffff:169.254.169.254]/", "must not point at ::ffff:a9fe:a9fe (ipv4Mapped/linkLocal)"],
    ["https://[fd00::1]/", "must not point at fd00::1 (uniqueLocal)"],
  ])("refuses %s: %s", (url, reason) => {
    expect(refuseOutboundUrl(url)).toBe(reason);
  });

  test.each([
    "https://hooks.example/entrada",
    "https://hooks.example./entrada",
    "https://8.8.8.8/",
    "https://[2606:4700:4700::1111]/",
    // A name is not resolved here: the outbound client refuses it at connect time if it must.
    "https://127.0.0.1.nip.io/",
    "https://metadata.google.internal./",
  ])("accepts %s", (url) => {
    expect(refuseOutboundUrl(url)).toBeUndefined();
  });

  test("development allows http and loopback when told, and still nothing else", () => {
    const development = { allowHttp: true, allow: ["loopback"] } as const;
    expect(refuseOutboundUrl("http://127.0.0.1:4000/hooks", development)).toBeUndefined();
    expect(refuseOutboundUrl("http://localhost:4000/hooks", development)).toBeUndefined();
    expect(refuseOutboundUrl("http://[::1]:4000/hooks", development)).toBeUndefined();
    expect(refuseOutboundUrl("ftp://127.0.0.1/", development)).toBe("must use https or http");
    expect(refuseOutboundUrl("http://169.254.169.254/", development)).toBe(
      "must not point at 169.254.169.254 (linkLocal)",
    );
    expect(refuseOutboundUrl("http://192.168.1.1/", development)).toBe("must not point at 192.168.1.1 (private)");
  });
});
