import { encodeVisaSeal } from "@entrada/verify";
import { testVisa } from "@entrada/verify/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { type EvisaTrustList, keptTrustList, trustListStorageKey, verifyWithTrustList } from "./evisaTrustList.ts";

let list: EvisaTrustList;
let seal: Uint8Array;
const now = new Date("2027-01-15T12:00:00Z");

beforeAll(async () => {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const publicJwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  const kid = "k1-test-thumbprint";
  list = {
    generatedAt: "2027-01-15T11:00:00.000Z",
    keys: [
      {
        authorityId: "th-evisa",
        name: "Thailand e-Visa",
        names: { en: "Thailand e-Visa", zh: "泰国电子签证", es: "Visado electrónico de Tailandia" },
        country: "TH",
        kid,
        publicJwk: { ...publicJwk, kid } as JsonWebKey,
        notAfter: null,
      },
    ],
    revoked: [],
  };
  const visa = testVisa({ authorityId: "th-evisa", kid }, { reference: "7K3Q9XPA", statusIndex: 12 });
  seal = await encodeVisaSeal(visa, async (message) =>
    crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, message),
  );
});

describe("verifyWithTrustList", () => {
  it("is valid with the authority's key, and names the authority", async () => {
    const verdict = await verifyWithTrustList(seal, list, now);
    expect(verdict.status).toBe("valid");
    expect(verdict.authority?.names.zh).toBe("泰国电子签证");
    expect(verdict.data).toMatchObject({ surname: "ERIKSSON", statusIndex: 12 });
  });

  it("is revoked when the list names its authority and status index, and only then", async () => {
    const revoked = { ...list, revoked: [{ authorityId: "th-evisa", statusIndex: 12 }] };
    expect((await verifyWithTrustList(seal, revoked, now)).status).toBe("revoked");
    const other = { ...list, revoked: [{ authorityId: "gb-eta", statusIndex: 12 }] };
    expect((await verifyWithTrustList(seal, other, now)).status).toBe("valid");
  });

  it("is forged when a byte changed, even if its index is revoked", async () => {
    const tampered = Uint8Array.from(seal);
    tampered[25] = tampered[25]! ^ 0x02;
    const revoked = { ...list, revoked: [{ authorityId: "th-evisa", statusIndex: 12 }] };
    expect((await verifyWithTrustList(tampered, revoked, now)).status).toBe("forged");
  });

  it("is unknown_issuer without the authority's key", async () => {
    expect((await verifyWithTrustList(seal, { ...list, keys: [] }, now)).status).toBe("unknown_issuer");
  });
});

describe("keptTrustList", () => {
  it("reads what was kept, and nothing from a damaged entry", () => {
    const storage = new Map<string, string>();
    const fake = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    } as unknown as Storage;
    expect(keptTrustList(fake)).toBeNull();
    storage.set(trustListStorageKey, JSON.stringify({ list, fetchedAt: "2027-01-15T11:00:00.000Z" }));
    expect(keptTrustList(fake)?.list.keys).toHaveLength(1);
    storage.set(trustListStorageKey, "{not json");
    expect(keptTrustList(fake)).toBeNull();
  });
});
