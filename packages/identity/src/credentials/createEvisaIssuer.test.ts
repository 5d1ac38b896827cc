import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { compactVerify, decodeProtectedHeader, importJWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidIdentityClaimsError } from "../errors/credential.ts";
import { DisclosureTamperedError } from "../errors/presentation.ts";
import { processDisclosures } from "../presentation/processDisclosures.ts";
import { createEvisaIssuer, type EvisaClaims, evisaVct } from "./createEvisaIssuer.ts";
import { createJwsSigner } from "./createJwsSigner.ts";
import { createStatusList } from "./createStatusList.ts";
import { evisaTypeMetadata } from "./evisaTypeMetadata.ts";
import { generateIssuerKey, type IssuerKey, type Jwk } from "./issuerKey.ts";
import { sdJwtHasher } from "./sha256.ts";

const issuerUrl = "https://entrada.example/authorities/th-evisa";
const vct = evisaVct("https://entrada.example");
const claims: EvisaClaims = {
  given_name: "Anna María",
  family_name: "Eriksson",
  nationality: "UTO",
  birthdate: "1974-08-12",
  document_number: "L898902C3",
  authority: { id: "th-evisa", name: "Thailand e-Visa", country: "THA" },
  product: { id: "th-tourist", name: "Tourist visa" },
  // A ten-year multiple-entry visa: far enough ahead that the verifiers' own clocks accept it.
  entries: "multiple",
  valid_from: "2026-03-01",
  valid_until: "2036-02-28",
  max_stay_days: 60,
  application_id: "6f0e2b9a-8a9d-4c55-9d5f-1c1a8f0e7a11",
  reference: "EN-7KQ2-MX4P",
  payment_tx: `0x${"ab".repeat(32)}`,
};

let key: IssuerKey;
let holderJwk: Jwk;
beforeAll(async () => {
  key = await generateIssuerKey();
  const holder = await globalThis.crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const { kty, crv, x, y } = await globalThis.crypto.subtle.exportKey("jwk", holder.publicKey);
  holderJwk = { kty: kty!, crv: crv!, x: x!, y: y! };
});

function issuer() {
  return createEvisaIssuer({
    issuer: issuerUrl,
    key: {
      kid: key.kid,
      publicJwk: key.publicJwk,
      sign: async (input) => (await createJwsSigner(key.privateJwk))(input),
    },
    vct,
    // The verifiers of @sd-jwt read the system clock: the status list token must be fresh by it.
    clock: () => new Date(),
  });
}

const statusUri = `${issuerUrl}/status-lists/1`;

/** A verifier of `@sd-jwt` with the issuer's public key only, reading the status list `list`. */
function verifier(list = createStatusList({ size: 1024, bits: 2 })) {
  return new SDJwtVcInstance({
    hasher: sdJwtHasher,
    hashAlg: "sha-256",
    statusListFetcher: async (uri) => issuer().signStatusList({ list, uri }),
    // Its own signature is checked with the same key.
    statusVerifier: async (data, signature) => verifySignature(data, signature),
    verifier: async (data, signature) => verifySignature(data, signature),
  });
}

async function verifySignature(data: string, signature: string): Promise<boolean> {
  const jwk = await importJWK({ kty: "EC", crv: "P-256", x: key.publicJwk.x!, y: key.publicJwk.y! }, "ES256");
  try {
    await compactVerify(`${data}.${signature}`, jwk);
    return true;
  } catch {
    return false;
  }
}

describe("createEvisaIssuer", () => {
  it("signs a dc+sd-jwt with the key's kid, bound to the holder key, expiring at the end of valid_until", async () => {
    const { sdJwt, expiresAt } = await issuer().issue({ claims, holderJwk, status: { idx: 7, uri: statusUri } });
    expect(decodeProtectedHeader(sdJwt.split("~")[0]!)).toEqual({ alg: "ES256", typ: "dc+sd-jwt", kid: key.kid });
    expect(new Date(expiresAt * 1000).toISOString()).toBe("2036-02-29T00:00:00.000Z");
    const { payload } = await verifier().verify(sdJwt);
    expect(payload).toMatchObject({
      ...claims,
      iss: issuerUrl,
      vct,
      cnf: { jwk: holderJwk },
      status: { status_list: { idx: 7, uri: statusUri } },
    });
  });

  it("makes the personal claims disclosures and leaves the visa's terms in the clear", async () => {
    const { sdJwt } = await issuer().issue({ claims, status: { idx: 0, uri: statusUri } });
    const [jwt, ...disclosures] = sdJwt.split("~").filter(Boolean);
    const clear = JSON.parse(Buffer.from(jwt!.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    for (const name of ["given_name", "family_name", "nationality", "birthdate", "document_number", "payment_tx"]) {
      expect(clear).not.toHaveProperty(name);
    }
    expect(clear).not.toHaveProperty("cnf");
    expect(clear).toMatchObject({ valid_until: "2036-02-28", reference: "EN-7KQ2-MX4P", entries: "multiple" });
    expect(disclosures).toHaveLength(6);
  });

  it("refuses a tampered disclosure (Entrada's verifier), and @sd-jwt's never shows its value", async () => {
    const { sdJwt } = await issuer().issue({ claims, status: { idx: 0, uri: statusUri } });
    const parts = sdJwt.split("~");
    const [salt, name] = JSON.parse(Buffer.from(parts[1]!, "base64url").toString()) as [string, string, unknown];
    parts[1] = Buffer.from(JSON.stringify([salt, name, "Mallory"])).toString("base64url");
    const tampered = parts.join("~");
    const payload = JSON.parse(Buffer.from(parts[0]!.split(".")[1]!, "base64url").toString()) as Record<
      string,
      unknown
    >;
    await expect(processDisclosures(payload, parts.slice(1, -1))).rejects.toBeInstanceOf(DisclosureTamperedError);
    // @sd-jwt 0.19 drops a disclosure the issuer did not sign for rather than failing.
    const verified = await verifier().verify(tampered);
    expect(Object.values(verified.payload)).not.toContain("Mallory");
    expect(verified.payload).not.toHaveProperty(name);
  });

  it("is refused once its status list entry is revoked", async () => {
    const { sdJwt } = await issuer().issue({ claims, status: { idx: 5, uri: statusUri } });
    const list = createStatusList({ size: 1024, bits: 2 });
    await expect(verifier(list).verify(sdJwt)).resolves.toBeDefined();
    list.revoke(5);
    await expect(verifier(list).verify(sdJwt)).rejects.toThrow(/[Ss]tatus/);
  });

  it("refuses reversed validity", async () => {
    await expect(
      issuer().issue({ claims: { ...claims, valid_until: "2026-02-01" }, status: { idx: 0, uri: "x" } }),
    ).rejects.toBeInstanceOf(InvalidIdentityClaimsError);
  });
});

describe("evisaTypeMetadata", () => {
  it("labels every claim in en, zh and es and marks the disclosable ones", () => {
    const metadata = evisaTypeMetadata(vct);
    expect(metadata.vct).toBe(vct);
    expect(metadata.display.map((entry) => entry.locale)).toEqual(["en", "zh", "es"]);
    const byPath = new Map(metadata.claims.map((claim) => [claim.path.join("."), claim]));
    for (const name of Object.keys(claims)) expect(byPath.has(name), name).toBe(true);
    expect(byPath.get("document_number")?.sd).toBe("always");
    expect(byPath.get("valid_until")?.sd).toBe("never");
    expect(byPath.get("family_name")?.display.find((entry) => entry.locale === "zh")?.label).toBe("姓");
  });
});
