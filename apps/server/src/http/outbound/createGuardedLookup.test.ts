import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OutboundAddressRefusedError } from "../../errors/outbound.ts";
import { createGuardedLookup } from "./createGuardedLookup.ts";
import { type DnsStandIn, startDnsStandIn } from "./testing/startDnsStandIn.ts";

let dns: DnsStandIn;
beforeAll(async () => {
  dns = await startDnsStandIn({
    "evil.test": ["127.0.0.1"],
    "mapped.test": ["::ffff:127.0.0.1"],
    "meta.test": ["169.254.169.254"],
    // Resolving is all these tests do: nothing connects to the public address.
    "public.test": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    "mixed.test": ["93.184.215.14", "10.0.0.7"],
    "v6only.test": ["::1"],
  });
});
afterAll(() => dns.close());

/** The result of the callback form, as `net.connect` calls it. */
function callLookup(
  lookup: ReturnType<typeof createGuardedLookup>["lookup"],
  host: string,
  options: { all?: boolean; family?: number },
): Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number | undefined }> {
  return new Promise((resolve) => {
    lookup(host, options, (error, address, family) => resolve({ error, address, family }));
  });
}

describe("createGuardedLookup", () => {
  test.each([
    ["evil.test", "127.0.0.1", "loopback"],
    ["mapped.test", "::ffff:127.0.0.1", "ipv4Mapped/loopback"],
    ["meta.test", "169.254.169.254", "linkLocal"],
    ["mixed.test", "10.0.0.7", "private"],
  ])("refuses %s, which resolves to %s", async (host, address, range) => {
    const guard = createGuardedLookup({ target: "webhooks", resolver: dns.resolver });
    const refusal = await guard.resolve(host).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OutboundAddressRefusedError);
    expect((refusal as OutboundAddressRefusedError).toJSON()).toEqual({
      code: "ENTRADA_OUTBOUND_ADDRESS_REFUSED",
      message: `${host} resolves to ${address} (${range}), which webhooks may not reach.`,
      details: { target: "webhooks", host, address, range },
    });
  });

  test("hands back every address of a public name, both families", async () => {
    const guard = createGuardedLookup({ target: "webhooks", resolver: dns.resolver });
    expect(await guard.resolve("public.test")).toEqual([
      { address: "93.184.215.14", family: 4 },
      { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 },
    ]);
  });

  test("a trailing dot changes nothing: the stand-in is asked for the name without it", async () => {
    const guard = createGuardedLookup({ target: "webhooks", resolver: dns.resolver });
    const before = dns.queries.length;
    await expect(guard.resolve("evil.test.")).rejects.toMatchObject({ code: "ENTRADA_OUTBOUND_ADDRESS_REFUSED" });
    expect(dns.queries.slice(before).map((query) => query.name)).toEqual(["evil.test", "evil.test"]);
  });

  test("loopback passes only when allowed, and allowing it allows nothing else", async () => {
    const guard = createGuardedLookup({ target: "kyc-provider", allow: ["loopback"], resolver: dns.resolver });
    expect(await guard.resolve("evil.test")).toEqual([{ address: "127.0.0.1", family: 4 }]);
    expect(await guard.resolve("mapped.test")).toEqual([{ address: "::ffff:127.0.0.1", family: 6 }]);
    await expect(guard.resolve("meta.test")).rejects.toBeInstanceOf(OutboundAddressRefusedError);
    await expect(guard.resolve("mixed.test")).rejects.toBeInstanceOf(OutboundAddressRefusedError);
    const privateToo = createGuardedLookup({ target: "ipfs", allow: ["loopback", "private"], resolver: dns.resolver });
    expect(await privateToo.resolve("mixed.test")).toHaveLength(2);
    await expect(privateToo.resolve("meta.test")).rejects.toBeInstanceOf(OutboundAddressRefusedError);
  });

  test("IP literals are checked without asking the resolver", async () => {
    const guard = createGuardedLookup({ target: "webhooks", resolver: dns.resolver });
    const before = dns.queries.length;
    await expect(guard.resolve("100.64.0.1")).rejects.toMatchObject({
      details: { host: "100.64.0.1", address: "100.64.0.1", range: "carrierGradeNat" },
    });
    expect(() => guard.check("::1", "::1")).toThrow("::1 (loopback) is not an address webhooks may reach.");
    expect(dns.queries.length).toBe(before);
  });

  test("a name the DNS does not know fails as the resolver says", async () => {
    const guard = createGuardedLookup({ target: "webhooks", resolver: dns.resolver });
    await expect(guard.resolve("nowhere.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  test("the system resolver is the default: localhost (and localhost.) are loopback", async () => {
    const guard = createGuardedLookup({ target: "webhooks" });
    await expect(guard.resolve("localhost")).rejects.toMatchObject({ details: { range: "loopback" } });
    await expect(guard.resolve("localhost.")).rejects.toMatchObject({ details: { range: "loopback" } });
  });

  test("the callback form answers as net.connect asks: one address, all of them, or one family", async () => {
    const { lookup } = createGuardedLookup({ target: "webhooks", allow: ["loopback"], resolver: dns.resolver });
    expect(await callLookup(lookup, "evil.test", {})).toEqual({ error: null, address: "127.0.0.1", family: 4 });
    expect(await callLookup(lookup, "evil.test", { all: true })).toEqual({
      error: null,
      address: [{ address: "127.0.0.1", family: 4 }],
      family: undefined,
    });
    expect(await callLookup(lookup, "v6only.test", { family: 6 })).toEqual({ error: null, address: "::1", family: 6 });
    expect((await callLookup(lookup, "v6only.test", { family: 4 })).error).toMatchObject({ code: "ENOTFOUND" });
    expect((await callLookup(lookup, "meta.test", { all: true })).error).toBeInstanceOf(OutboundAddressRefusedError);
  });
});
