import { calculateJwkThumbprint } from "jose";
import { describe, expect, it } from "vitest";
import { InvalidIssuerKeyError } from "../errors/credential.ts";
import { generateIssuerKey, importIssuerKey } from "./issuerKey.ts";

describe("issuer keys", () => {
  it("generates an ES256 key whose kid is its RFC 7638 thumbprint", async () => {
    const key = await generateIssuerKey();
    expect(key.privateJwk).toEqual({
      kty: "EC",
      crv: "P-256",
      x: expect.any(String),
      y: expect.any(String),
      d: expect.any(String),
    });
    expect(key.publicJwk).toEqual({
      kty: "EC",
      crv: "P-256",
      x: key.privateJwk.x,
      y: key.privateJwk.y,
      kid: key.kid,
      alg: "ES256",
      use: "sig",
    });
    expect(key.kid).toBe(
      await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: key.privateJwk.x!, y: key.privateJwk.y! }),
    );
    expect(key.publicJwk).not.toHaveProperty("d");
  });

  it("imports the private JWK from configuration, as JSON text or object, keeping a given kid", async () => {
    const key = await generateIssuerKey();
    expect(await importIssuerKey(JSON.stringify(key.privateJwk))).toEqual(key);
    expect((await importIssuerKey({ ...key.privateJwk, kid: "2026-03" })).kid).toBe("2026-03");
  });

  it("refuses what cannot sign ES256", async () => {
    const { privateJwk } = await generateIssuerKey();
    const cases: [Parameters<typeof importIssuerKey>[0], RegExp][] = [
      ["{not json", /not JSON/],
      [{ kty: "RSA" }, /not an EC P-256 JWK/],
      [{ ...privateJwk, crv: "P-384" }, /not an EC P-256 JWK/],
      [{ kty: "EC", crv: "P-256", x: privateJwk.x!, y: privateJwk.y! }, /no private part/],
      [{ ...privateJwk, x: privateJwk.y! }, /not a valid P-256 key/],
    ];
    for (const [input, message] of cases) {
      await expect(importIssuerKey(input)).rejects.toThrow(InvalidIssuerKeyError);
      await expect(importIssuerKey(input)).rejects.toThrow(message);
    }
  });
});
