import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { sealToBase64url } from "../encoding/base64url.ts";
import { createTestAuthority, type TestAuthority, testSeal, testVisa } from "../testing/sealFixtures.ts";
import { decodeVisaSeal } from "./decodeVisaSeal.ts";
import { encodeVisaSeal } from "./encodeVisaSeal.ts";
import type { VisaSealData } from "./VisaSealData.ts";

const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");

let authority: TestAuthority;
beforeAll(async () => {
  authority = await createTestAuthority();
});

describe("encodeVisaSeal", () => {
  it("lays out header and message zone byte for byte as docs/evisa.md says", async () => {
    const visa = testVisa(authority.trusted, { kid: "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs" });
    const seal = await encodeVisaSeal(visa, authority.sign, { now: new Date("2026-12-07T09:00:00Z") });
    const { signedBytes, signature, header } = decodeVisaSeal(seal);
    expect(header).toEqual({
      version: 3,
      issuingCountry: "THA",
      signerIdentifier: "THSA", // TH, then SHA-256("th-immigration") bytes 0 and 1 modulo 36
      certificateReference: "2FC347", // SHA-256(kid), first 3 bytes
      issuedOn: "2026-12-07",
      signedOn: "2026-12-07",
      documentFeatureDefinitionReference: 0x5d,
      documentTypeCategory: 0x01,
    });
    // header (20 bytes): magic, version, "THA", "THSA" + "06" + "2FC347", issue date, signature date, 5D 01
    expect(hex(signedBytes.subarray(0, 20))).toMatchInlineSnapshot(
      `"dc 03 d1 97 d1 a9 58 2b 28 89 2d 0c b8 34 5a b8 34 5a 5d 01"`,
    );
    // message zone: MRZ (tag 02, 44 bytes), entries (03), stay (04: days, months, years), passport (05), additional (07)
    const message = signedBytes.subarray(20);
    expect(hex(message.subarray(0, 2))).toBe("02 2c");
    expect(hex(message.subarray(46))).toMatchInlineSnapshot(
      `"03 01 01 04 03 3c 00 00 05 06 9e 2e 4d 0d 28 08 07 09 01 03 b8 34 5a 02 02 12 67"`,
    );
    expect([...seal.subarray(seal.length - 66, seal.length - 64)]).toEqual([0xff, 0x40]);
    expect(signature).toHaveLength(64);
    expect(seal.length).toBe(signedBytes.length + 66);
  });

  it("reads back exactly the visa it wrote, authority and key aside", async () => {
    // At most 14 characters each: surname, "<<" and given names fit the MRZ's 31 places uncut.
    const names = fc.stringMatching(/^[A-Z]{1,6}( [A-Z]{1,7})?$/);
    const date = (from: number, to: number) =>
      fc.integer({ min: from, max: to }).map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          surname: names,
          givenNames: fc.oneof(names, fc.constant("")),
          reference: fc.stringMatching(/^[A-Z0-9]{1,9}$/),
          passportNumber: fc.stringMatching(/^[A-Z0-9]{1,9}$/),
          nationality: fc.constantFrom("GBR", "CHN", "D", "USA", "XXA"),
          issuingState: fc.constantFrom("THA", "IND", "GBR", "D", "EUE", "UTO"),
          birthDate: date(-15_900, 20_400), // 1926-06 to 2025-11: under 100 on the issue date (the MRZ has no century)
          sex: fc.constantFrom("M", "F", "X") as fc.Arbitrary<"M" | "F" | "X">,
          validFrom: date(20_430, 20_600),
          days: fc.integer({ min: 0, max: 3_650 }),
          entries: fc.oneof(fc.integer({ min: 1, max: 255 }), fc.constant("multiple" as const)),
          durationOfStayDays: fc.integer({ min: 1, max: 254 }),
          statusIndex: fc.option(fc.integer({ min: 0, max: 0xffff_ffff }), { nil: undefined }),
        }),
        async ({ days, statusIndex, ...fields }) => {
          const validUntil = new Date(Date.parse(fields.validFrom) + days * 86_400_000).toISOString().slice(0, 10);
          const visa: VisaSealData = {
            ...testVisa(authority.trusted),
            ...fields,
            issuedOn: "2025-12-06",
            validUntil,
          };
          if (statusIndex === undefined) delete visa.statusIndex;
          else visa.statusIndex = statusIndex;
          const { authorityId: _, kid: __, ...sealed } = visa;
          expect(decodeVisaSeal(await encodeVisaSeal(visa, authority.sign)).data).toEqual(sealed);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("cuts a name longer than the MRZ's 31 places, as the printed MRZ does", async () => {
    const seal = await testSeal(authority, { surname: "WOLFESCHLEGELSTEINHAUSENBERGER", givenNames: "HUBERT BLAINE" });
    expect(decodeVisaSeal(seal).data).toMatchObject({ surname: "WOLFESCHLEGELSTEINHAUSENBERGER", givenNames: "" });
    expect(decodeVisaSeal(seal).mrz[0]).toBe("V<THAWOLFESCHLEGELSTEINHAUSENBERGER<");
  });

  it("fits a realistic visa in 159 bytes: 212 characters of base64url, under the 600 the QR allows", async () => {
    const seal = await testSeal(authority);
    expect(seal.length).toBe(159);
    expect(sealToBase64url(seal)).toHaveLength(212);
  });

  it.each([
    [undefined, 155, 207],
    [0, 158, 211],
    [65_535, 159, 212],
    [131_071, 160, 214],
    [0xffff_ffff, 161, 215],
  ])(
    "grows only with the status list index: %s gives %i bytes, %i characters",
    async (statusIndex, bytes, characters) => {
      const visa = testVisa(authority.trusted);
      if (statusIndex === undefined) delete visa.statusIndex;
      else visa.statusIndex = statusIndex;
      const seal = await encodeVisaSeal(visa, authority.sign);
      expect([seal.length, sealToBase64url(seal).length]).toEqual([bytes, characters]);
    },
  );

  it.each([
    ["surname", { surname: "ΠΑΠΑΔΟΠΟΥΛΟΣ" }],
    ["givenNames", { givenNames: "张伟" }],
    ["reference", { reference: "K7Q2M9XA01" }],
    ["passportNumber", { passportNumber: "L898902C30" }],
    ["passportNumber", { passportNumber: "" }],
    ["durationOfStayDays", { durationOfStayDays: 255 }],
    ["durationOfStayDays", { durationOfStayDays: 0 }],
    ["entries", { entries: 0 }],
    ["entries", { entries: 1.5 }],
    ["validUntil", { validUntil: "2026-12-06" }],
    ["issuedOn", { issuedOn: "7 Dec 2026" }],
    ["statusIndex", { statusIndex: -1 }],
    ["sex", { sex: "U" as "X" }],
  ] as const)("refuses a visa whose %s cannot be sealed", async (field, change) => {
    await expect(testSeal(authority, change)).rejects.toMatchObject({
      code: "ENTRADA_SEAL_DATA_INVALID",
      details: { field },
    });
  });

  it("refuses a signer that does not answer 64 bytes", async () => {
    await expect(encodeVisaSeal(testVisa(authority.trusted), async () => new Uint8Array(72))).rejects.toMatchObject({
      code: "ENTRADA_SEAL_SIGNER_INVALID",
      details: { length: 72 },
    });
  });
});
