import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DocumentDecryptionError, InvalidDocumentKeyError } from "../errors/documents.ts";
import { generateMasterKey, openDocument, parseMasterKey, sealDocument } from "./sealDocument.ts";

const masterKey = parseMasterKey("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
const scan = new TextEncoder().encode("P<UTOERIKSSON<<ANNA<MARIA — a passport scan");

const reasonOf = (open: () => unknown) => {
  try {
    open();
    return "opened";
  } catch (error) {
    return error instanceof DocumentDecryptionError ? error.reason : String(error);
  }
};

describe("sealDocument / openDocument", () => {
  it("round-trips any bytes, with 101 bytes of overhead", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const sealed = sealDocument(bytes, masterKey);
        expect(sealed.byteLength).toBe(bytes.byteLength + 101);
        expect(openDocument(sealed, masterKey)).toEqual(bytes);
      }),
      { numRuns: 100 },
    );
  });

  it("seals the same document differently each time and never shows the plain bytes", () => {
    const [first, second] = [sealDocument(scan, masterKey), sealDocument(scan, masterKey)];
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    expect(Buffer.from(first).includes(Buffer.from("ERIKSSON"))).toBe(false);
    expect(Buffer.from(first.subarray(0, 5)).toString("latin1")).toBe("ENTD\u0001");
  });

  it("detects a change to any byte", () => {
    const sealed = sealDocument(scan, masterKey);
    fc.assert(
      fc.property(fc.nat({ max: sealed.byteLength - 1 }), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const tampered = new Uint8Array(sealed);
        tampered[index]! ^= flip;
        // Flipping bytes of the magic or version makes it no sealed document; of the key id, an unknown key.
        expect(reasonOf(() => openDocument(tampered, masterKey))).toBe(
          index < 5 ? "not_sealed" : index < 13 ? "unknown_key" : "tampered",
        );
      }),
      { numRuns: 300 },
    );
  });

  it("opens with the right key of several during a rotation, and names a missing key", () => {
    const next = generateMasterKey();
    const sealed = sealDocument(scan, masterKey);
    expect(openDocument(sealed, [next, masterKey])).toEqual(scan);
    expect(reasonOf(() => openDocument(sealed, next))).toBe("unknown_key");
    expect(reasonOf(() => openDocument(scan, masterKey))).toBe("not_sealed");
  });

  it("reads master keys as hex or base64 and refuses other lengths", () => {
    const key = generateMasterKey();
    expect(parseMasterKey(Buffer.from(key).toString("hex"))).toEqual(key);
    expect(parseMasterKey(` ${Buffer.from(key).toString("base64")}\n`)).toEqual(key);
    expect(parseMasterKey(Buffer.from(key).toString("base64url"))).toEqual(key);
    expect(() => parseMasterKey("abc")).toThrow(InvalidDocumentKeyError);
    expect(() => sealDocument(scan, new Uint8Array(16))).toThrow(/16 bytes, not 32/);
  });
});
