import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { VerifyError } from "../errors/VerifyError.ts";
import { createTestAuthority, type TestAuthority, testSeal } from "../testing/sealFixtures.ts";
import { decodeVisaSeal } from "./decodeVisaSeal.ts";
import { encodeVisaSeal } from "./encodeVisaSeal.ts";
import { readSealPrefix } from "./sealLayout.ts";
import { verifyVisaSeal } from "./verifyVisaSeal.ts";

// The test visa is valid from 2026-12-07 to 2027-03-06 (testVisa).
const during = new Date("2027-01-15T12:00:00Z");

let authority: TestAuthority;
let other: TestAuthority;
let seal: Uint8Array;
beforeAll(async () => {
  authority = await createTestAuthority("th-immigration");
  other = await createTestAuthority("in-mha");
  seal = await testSeal(authority);
});

function flip(bytes: Uint8Array, at: number, mask: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = copy[at]! ^ mask;
  return copy;
}

/** A verification's outcome, whatever it is: a status, or the code of the error it threw. */
async function outcome(bytes: Uint8Array, keys = [authority.trusted]): Promise<string> {
  try {
    return (await verifyVisaSeal(bytes, { keys, now: during })).status;
  } catch (error) {
    if (error instanceof VerifyError) return error.code;
    throw error;
  }
}

describe("verifyVisaSeal", () => {
  it("accepts a seal signed by a trusted authority key, and says whose", async () => {
    const result = await verifyVisaSeal(seal, { keys: [other.trusted, authority.trusted], now: during });
    expect(result).toMatchObject({
      valid: true,
      status: "valid",
      authorityId: "th-immigration",
      kid: authority.trusted.kid,
      authorityName: "Thai Immigration Bureau",
      data: { surname: "ERIKSSON", reference: "K7Q2M9XA", authorityId: "th-immigration", kid: authority.trusted.kid },
    });
  });

  it("calls forged any seal with one byte of its message zone or signature changed", async () => {
    const { signedBytes } = decodeVisaSeal(seal);
    const messageStart = 20;
    const signatureStart = signedBytes.length + 2;
    const positions = fc.oneof(
      fc.integer({ min: messageStart, max: signedBytes.length - 1 }),
      fc.integer({ min: signatureStart, max: seal.length - 1 }),
    );
    await fc.assert(
      fc.asyncProperty(positions, fc.integer({ min: 1, max: 255 }), async (at, mask) => {
        expect(await outcome(flip(seal, at, mask))).toBe("forged");
      }),
      { numRuns: 300 },
    );
  });

  it("never calls valid a seal with any byte changed, and never fails otherwise than with a VerifyError", async () => {
    for (let at = 0; at < seal.length; at++) {
      const result = await outcome(flip(seal, at, 0x01 << (at % 8)));
      expect(["forged", "unknown_issuer", "ENTRADA_SEAL_MALFORMED"], `byte ${at}`).toContain(result);
    }
  });

  it("calls forged a seal that names a trusted key but was signed by another", async () => {
    const forgery = await encodeVisaSeal(
      { ...decodeVisaSeal(seal).data, authorityId: "th-immigration", kid: authority.trusted.kid },
      other.sign,
    );
    expect(await outcome(forgery)).toBe("forged");
  });

  it("calls unknown_issuer a seal whose authority key the verifier does not trust", async () => {
    expect(await outcome(seal, [other.trusted])).toBe("unknown_issuer");
    expect(await outcome(seal, [])).toBe("unknown_issuer");
    // The same authority, but another key of it (the seal's certificate reference names its own).
    const rotated = await createTestAuthority("th-immigration");
    expect(await outcome(seal, [rotated.trusted])).toBe("unknown_issuer");
  });

  it("keeps verifying a retired key's seals until the key's notAfter, and not after", async () => {
    const rotated = await createTestAuthority("th-immigration");
    const retired = { ...authority.trusted, notAfter: "2036-12-07T00:00:00Z" };
    expect(await outcome(seal, [rotated.trusted, retired])).toBe("valid");
    const withdrawn = { ...authority.trusted, notAfter: "2027-01-01T00:00:00Z" };
    expect(await outcome(seal, [rotated.trusted, withdrawn])).toBe("unknown_issuer");
  });

  it.each([
    ["2026-12-06T09:59:59Z", "not_yet_valid"], // 7 December has begun nowhere yet
    ["2026-12-06T10:00:00Z", "valid"], // 7 December 00:00 at UTC+14
    ["2027-03-07T11:59:59Z", "valid"], // still 6 March at UTC−12
    ["2027-03-07T12:00:00Z", "expired"],
  ])("judges validity by the date anywhere: at %s the visa is %s", async (now, status) => {
    const result = await verifyVisaSeal(seal, { keys: [authority.trusted], now: new Date(now) });
    expect(result).toMatchObject({ status, valid: status === "valid" });
    expect(result.data?.validFrom).toBe("2026-12-07");
  });

  it("refuses a trusted key that is not an EC P-256 public JWK", async () => {
    const broken = { ...authority.trusted, publicJwk: { kty: "RSA", n: "AQAB", e: "AQAB" } };
    await expect(verifyVisaSeal(seal, { keys: [broken], now: during })).rejects.toMatchObject({
      code: "ENTRADA_SEAL_KEY_INVALID",
      details: { reason: "not_p256" },
    });
  });
});

describe("malformed seals", () => {
  it.each([
    ["empty", () => new Uint8Array(), "truncated"],
    ["another magic byte", () => flip(seal, 0, 0xff), "magic"],
    ["version 3 (0x02)", () => Uint8Array.of(0xdc, 0x02, ...seal.subarray(2)), "version"],
    ["a byte after the signature", () => Uint8Array.of(...seal, 0), "trailing_bytes"],
    ["a 63-byte signature", () => seal.subarray(0, seal.length - 1), "signature"],
  ])("refuses %s with ENTRADA_SEAL_MALFORMED", async (_, bytes, reason) => {
    await expect(verifyVisaSeal(bytes(), { keys: [authority.trusted] })).rejects.toMatchObject({
      code: "ENTRADA_SEAL_MALFORMED",
      details: expect.objectContaining({ reason }),
    });
    expect(() => decodeVisaSeal(bytes())).toThrow(VerifyError);
  });

  it("refuses every truncation of a seal", async () => {
    for (let length = 0; length < seal.length; length++) {
      expect(await outcome(seal.subarray(0, length)), `first ${length} bytes`).toBe("ENTRADA_SEAL_MALFORMED");
    }
  });

  it("reads any bytes without crashing: a seal, or ENTRADA_SEAL_MALFORMED", () => {
    const { signedBytes } = decodeVisaSeal(seal);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }).map((tail) => Uint8Array.of(...signedBytes.subarray(0, 20), ...tail)),
          fc
            .tuple(fc.nat(seal.length - 1), fc.uint8Array({ minLength: 1, maxLength: 8 }))
            .map(([at, junk]) => Uint8Array.of(...seal.subarray(0, at), ...junk, ...seal.subarray(at + 1))),
        ),
        (bytes) => {
          try {
            decodeVisaSeal(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(VerifyError);
            expect((error as VerifyError).code).toBe("ENTRADA_SEAL_MALFORMED");
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("reads the BSI TR-03137 visa example's header, and refuses it for its 56-byte brainpool signature", () => {
    const bsi =
      "dc 03 6a bc 6d 32 c8 a7 2c b1 0f 71 34 b7 98 15 5d 01 02 2c dd 52 13 4a 74 da 13 47 c6 fe d9 5c b8 9f 9f ce " +
      "13 3c 13 3c 13 3c 13 3c 20 38 33 73 4a af 47 f0 c3 2f 1a 1e 20 eb 26 25 39 3a fe 31 04 03 a0 00 00 05 06 33 be " +
      "1f ed 20 c6 ff 38 d5 57 32 47 60 8c 9b 64 ca e0 22 c1 c5 24 96 60 e5 1a e3 16 d6 00 f9 74 aa c2 12 9c 3f 09 3c " +
      "35 95 53 14 02 63 04 70 5c d2 4c 1b 81 00 71 1b d4 41 1f 06 8e 8d 93 e8 b7";
    const bytes = new Uint8Array(bsi.split(" ").map((pair) => Number.parseInt(pair, 16)));
    expect(readSealPrefix(bytes)).toEqual({ signerIdentifier: "DETS", certificateReference: "32", headerLength: 18 });
    expect(() => decodeVisaSeal(bytes)).toThrow(
      expect.objectContaining({ code: "ENTRADA_SEAL_MALFORMED", details: { reason: "signature", offset: 78 } }),
    );
  });
});
