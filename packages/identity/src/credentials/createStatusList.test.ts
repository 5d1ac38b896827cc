import { inflateSync } from "node:zlib";
import { getListFromStatusListJWT } from "@sd-jwt/jwt-status-list";
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from "jose";
import { describe, expect, it } from "vitest";
import { StatusListEntryInvalidError } from "../errors/credential.ts";
import { createCredentialIssuer } from "./createCredentialIssuer.ts";
import { createStatusList, credentialStatus, restoreStatusList } from "./createStatusList.ts";
import { generateIssuerKey } from "./issuerKey.ts";

describe("createStatusList", () => {
  it("starts all valid and records revocations and suspensions", () => {
    const list = createStatusList({ size: 16, bits: 2 });
    expect([list.size, list.bits]).toEqual([16, 2]);
    list.revoke(3);
    list.set(4, credentialStatus.suspended);
    expect(Array.from({ length: 6 }, (_, index) => list.get(index))).toEqual([0, 0, 0, 1, 2, 0]);
  });

  it("serializes to the draft's ZLIB/base64url form and restores from it", () => {
    const list = createStatusList({ size: 16, bits: 1 });
    list.revoke(0);
    list.revoke(9);
    // draft-ietf-oauth-status-list: index 0 is the lowest bit of byte 0 → bytes 0x01 0x02, ZLIB-compressed.
    expect([...inflateSync(Buffer.from(list.serialize(), "base64url"))]).toEqual([0x01, 0x02]);
    const restored = restoreStatusList({ bits: 1, lst: list.serialize() });
    expect(Array.from({ length: 16 }, (_, index) => restored.get(index))).toEqual([
      1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it("matches the draft's 1-bit example", () => {
    // Section 4.1 of the draft: statuses 1,0,0,1,1,1,0,1, 1,1,0,0,0,1,0,1 → bytes B9 A3 → lst "eNrbuRgAAhcBXQ".
    const statuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1];
    const fromDraft = restoreStatusList({ bits: 1, lst: "eNrbuRgAAhcBXQ" });
    expect(statuses.map((_, index) => fromDraft.get(index))).toEqual(statuses);
    const list = createStatusList({ size: 16, bits: 1 });
    for (const [index, status] of statuses.entries()) list.set(index, status);
    expect([...inflateSync(Buffer.from(list.serialize(), "base64url"))]).toEqual([0xb9, 0xa3]);
  });

  it("refuses indexes outside the list and statuses that do not fit the bits", () => {
    const list = createStatusList({ size: 8, bits: 1 });
    expect(() => list.get(8)).toThrow(StatusListEntryInvalidError);
    expect(() => list.set(-1, 0)).toThrow(/index/);
    expect(() => list.set(0, 2)).toThrow(/a 1-bit status is a whole number from 0 to 1/);
    expect(() => createStatusList({ size: 3, bits: 2 })).toThrow(/multiple of 4/);
    expect(() => createStatusList({ bits: 3 as never })).toThrow(/bits/);
    expect(() => restoreStatusList({ bits: 1, lst: "not-zlib" })).toThrow(StatusListEntryInvalidError);
  });
});

describe("CredentialIssuer.signStatusList", () => {
  it("signs a statuslist+jwt that the issuer's published key verifies", async () => {
    const key = await generateIssuerKey();
    const clock = () => new Date("2026-03-01T12:00:00Z");
    const issuer = createCredentialIssuer({ issuer: "https://entrada.example", key, clock });
    const list = createStatusList({ size: 1024, bits: 2 });
    list.revoke(42);
    const uri = "https://entrada.example/api/v1/status-lists/1";
    const token = await issuer.signStatusList({ list, uri });

    expect(decodeProtectedHeader(token)).toEqual({ alg: "ES256", typ: "statuslist+jwt", kid: key.kid });
    expect(decodeJwt(token)).toEqual({
      iss: "https://entrada.example",
      sub: uri,
      iat: 1772366400,
      exp: 1772366400 + 86_400,
      ttl: 300,
      status_list: { bits: 2, lst: list.serialize() },
    });
    await expect(compactVerify(token, await importJWK({ ...issuer.jwks().keys[0] }, "ES256"))).resolves.toBeDefined();
    // The @sd-jwt reader sees the revocation too.
    expect(getListFromStatusListJWT(token).getStatus(42)).toBe(1);
  });
});
