import fc from "fast-check";
import { expect, it } from "vitest";
import { sealFromBase64url, sealToBase64url } from "./base64url.ts";

it("writes base64url without padding, as Node's Buffer does, and reads it back", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = sealToBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString("base64url"));
      expect(sealFromBase64url(text)).toEqual(bytes);
    }),
  );
});

it("tolerates surrounding whitespace and = padding in a pasted seal", () => {
  expect(sealFromBase64url("  3AM=\n")).toEqual(new Uint8Array([0xdc, 0x03]));
});

it("refuses text that is not base64url with ENTRADA_SEAL_MALFORMED", () => {
  for (const text of ["3A+M", "3A/M", "3AM!", "3AMxy"]) {
    expect(() => sealFromBase64url(text)).toThrow(
      expect.objectContaining({ code: "ENTRADA_SEAL_MALFORMED", details: { reason: "base64url" } }),
    );
  }
});
