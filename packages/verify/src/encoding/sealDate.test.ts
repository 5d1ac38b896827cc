import { describe, expect, it } from "vitest";
import { decodeSealDate, encodeSealDate } from "./sealDate.ts";

const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");

describe("seal dates", () => {
  // BSI TR-03137 Part 1, 3.2.3 and Annex F.
  it.each([
    ["1957-03-25", "31 9e f5"],
    ["2020-01-01", "0f 71 34"],
    ["2021-12-03", "b7 98 15"],
  ])("writes %s as MMDDYYYY in 3 bytes (%s)", (date, bytes) => {
    expect(hex(encodeSealDate(date))).toBe(bytes);
    expect(decodeSealDate(encodeSealDate(date))).toBe(date);
  });

  it("refuses 3 bytes that are not a day that exists", () => {
    expect(() => decodeSealDate(encodeSealDate("2025-02-29"))).toThrow(
      expect.objectContaining({ code: "ENTRADA_SEAL_MALFORMED", details: { reason: "date", offset: 0 } }),
    );
    expect(() => decodeSealDate(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(
      expect.objectContaining({ code: "ENTRADA_SEAL_MALFORMED" }),
    );
  });
});
