import { describe, expect, it } from "vitest";
import {
  applicationReference,
  applicationReferencePattern,
  parseApplicationReference,
} from "./applicationReference.ts";

describe("applicationReference", () => {
  it("writes 40 bits as ENT- and two groups of four Crockford base32 characters", () => {
    expect(applicationReference(new Uint8Array([0, 0, 0, 0, 0]))).toBe("ENT-0000-0000");
    expect(applicationReference(new Uint8Array([255, 255, 255, 255, 255]))).toBe("ENT-ZZZZ-ZZZZ");
    // 0x39a774eb4a = 00111 00110 10011 10111 01001 11010 11010 01010 → 7 6 K Q 9 T T A
    expect(applicationReference(new Uint8Array([0x39, 0xa7, 0x74, 0xeb, 0x4a]))).toBe("ENT-76KQ-9TTA");
  });

  it("never uses I, L, O or U, and always matches the pattern", () => {
    for (let seed = 0; seed < 2_000; seed++) {
      const bytes = new Uint8Array(5).map((_, i) => (seed * 2_654_435_761 + i * 40_503) >>> (i * 3));
      const reference = applicationReference(bytes);
      expect(reference).toMatch(applicationReferencePattern);
      expect(reference.slice(4)).not.toMatch(/[ILOU]/);
    }
  });

  it("refuses a wrong number of bytes", () => {
    expect(() => applicationReference(new Uint8Array(4))).toThrow(RangeError);
  });
});

describe("parseApplicationReference", () => {
  it("reads what people type, the way Crockford base32 decodes", () => {
    expect(parseApplicationReference("ENT-7K3Q-9XPA")).toBe("ENT-7K3Q-9XPA");
    expect(parseApplicationReference("ent 7k3q 9xpa")).toBe("ENT-7K3Q-9XPA");
    expect(parseApplicationReference("7K3Q9XPO")).toBe("ENT-7K3Q-9XP0");
    expect(parseApplicationReference("7kIq-9xpL")).toBe("ENT-7K1Q-9XP1");
  });

  it("answers null for anything that cannot be a reference", () => {
    expect(parseApplicationReference("ENT-7K3Q")).toBeNull();
    expect(parseApplicationReference("5f0c2a9e-1b7d-4c1e-9a57-0d3f6b1c2e4a")).toBeNull();
    expect(parseApplicationReference("ENT-7K3Q-9XPU")).toBeNull();
  });
});
