import { expect, it } from "vitest";
import { trustedKeysFromIssuerMetadata } from "./trustedKeysFromIssuerMetadata.ts";

const p256 = {
  kty: "EC",
  crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
};

it("trusts each EC P-256 key of an authority's issuer metadata, the authority id from the issuer", () => {
  const keys = trustedKeysFromIssuerMetadata(
    {
      issuer: "https://entrada.example/authorities/th-immigration",
      jwks: {
        keys: [
          { ...p256, kid: "new" },
          { ...p256, kid: "old" },
          { ...p256 },
          { kty: "OKP", crv: "Ed25519", x: "a", kid: "ed" },
        ],
      },
    },
    { name: "Thai Immigration Bureau" },
  );
  expect(keys.map(({ authorityId, kid, name }) => ({ authorityId, kid, name }))).toEqual([
    { authorityId: "th-immigration", kid: "new", name: "Thai Immigration Bureau" },
    { authorityId: "th-immigration", kid: "old", name: "Thai Immigration Bureau" },
  ]);
  expect(keys[0]!.publicJwk).toMatchObject(p256);
});

it.each([
  ["shape", null],
  ["issuer", { jwks: { keys: [] } }],
  ["issuer", { issuer: "https://entrada.example", jwks: { keys: [] } }],
  ["jwks", { issuer: "https://entrada.example/authorities/th-immigration", jwks: {} }],
])("refuses metadata without %s", (reason, metadata) => {
  expect(() => trustedKeysFromIssuerMetadata(metadata)).toThrow(
    expect.objectContaining({ code: "ENTRADA_SEAL_KEY_INVALID", details: { reason } }),
  );
});
