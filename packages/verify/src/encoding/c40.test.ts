import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VerifyError } from "../errors/VerifyError.ts";
import { decodeC40, encodeC40 } from "./c40.ts";

const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
const bytesOf = (text: string) => new Uint8Array(text.split(" ").map((pair) => Number.parseInt(pair, 16)));

describe("encodeC40", () => {
  // BSI TR-03137 Part 1, Annex B (tables 6 and 7) and Annexes E and F (worked examples).
  it.each([
    ["XK<CD", "eb 04 66 a9"], // two left over: padded with Shift 1
    ["XKCD", "eb 11 fe 45"], // one left over: 0xFE, then its ASCII code + 1
    ["BSI01", "62 d7 19 c9"],
    ["D<<", "6a bc"],
    ["DETS0232", "6d 32 c8 a7 2c b1"],
    ["47110815P", "33 be 1f ed 20 c6"],
    ["UFO001979", "d7 95 19 a6 53 06"],
  ])("writes %s as TR-03137's worked examples do", (text, bytes) => {
    expect(hex(encodeC40(text))).toBe(bytes);
  });

  it("writes the MRZ of the BSI visa example in 44 bytes, its last character unlatched", () => {
    const mrz = "VCD<<DENT<<ARTHUR<PHILIP<<<<<<<<<<<<1234567XY7GBR5203116M2005250";
    expect(hex(encodeC40(mrz))).toBe(
      "dd 52 13 4a 74 da 13 47 c6 fe d9 5c b8 9f 9f ce 13 3c 13 3c 13 3c 13 3c 20 38 33 73 4a af 47 f0 c3 2f 1a 1e 20 eb 26 25 39 3a fe 31",
    );
  });

  it("takes 2 bytes per 3 characters, rounded up", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((length) => encodeC40("A".repeat(length)).length)).toEqual([
      0, 2, 2, 2, 4, 4, 4, 6,
    ]);
  });

  it("refuses characters C40 has no value for", () => {
    expect(() => encodeC40("abc")).toThrow(/C40 cannot hold/);
    expect(() => encodeC40("É")).toThrow(/C40 cannot hold/);
  });
});

describe("decodeC40", () => {
  it("reads the worked examples back, fillers as spaces", () => {
    expect(decodeC40(bytesOf("eb 04 66 a9"))).toBe("XK CD");
    expect(decodeC40(bytesOf("eb 11 fe 45"))).toBe("XKCD");
    expect(decodeC40(bytesOf("6d 32 c8 a7 2c b1"))).toBe("DETS0232");
  });

  it("reads back whatever it wrote, at every length (odd ones padded or unlatched)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "), maxLength: 80 }),
        (text) => {
          expect(decodeC40(encodeC40(text))).toBe(text);
        },
      ),
    );
  });

  it.each([
    ["an odd number of bytes", "eb 04 66"],
    ["an unlatched character that is not last", "fe 45 eb 11"],
    ["an unlatched byte that is no character", "fe 22"],
    ["a value above 64000", "fa 01"],
    ["Shift 1 inside a triple", "00 01"],
    ["Shift 1 padding that is not at the end", "eb 01 eb 11"],
  ])("refuses %s with ENTRADA_SEAL_MALFORMED", (_, bytes) => {
    const attempt = () => decodeC40(bytesOf(bytes));
    expect(attempt).toThrow(VerifyError);
    expect(attempt).toThrow(
      expect.objectContaining({ code: "ENTRADA_SEAL_MALFORMED", details: expect.objectContaining({ reason: "c40" }) }),
    );
  });
});
