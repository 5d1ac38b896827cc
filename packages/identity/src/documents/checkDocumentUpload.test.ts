import { describe, expect, it } from "vitest";
import { sampleFiles } from "../testing/sampleFiles.ts";
import { checkDocumentUpload } from "./checkDocumentUpload.ts";

describe("checkDocumentUpload", () => {
  it("accepts JPEG, PNG, WebP and PDF by their magic bytes, with their dimensions", () => {
    const jpeg = sampleFiles.jpeg(1600, 1200);
    expect(checkDocumentUpload({ bytes: jpeg, declaredType: "image/jpeg" })).toEqual({
      ok: true,
      mediaType: "image/jpeg",
      size: jpeg.byteLength,
      width: 1600,
      height: 1200,
    });
    expect(checkDocumentUpload({ bytes: sampleFiles.png(1200, 800), declaredType: "image/png" })).toMatchObject({
      ok: true,
      width: 1200,
      height: 800,
    });
    expect(checkDocumentUpload({ bytes: sampleFiles.webp(1000, 700), declaredType: "image/webp" })).toMatchObject({
      ok: true,
      width: 1000,
      height: 700,
    });
    expect(checkDocumentUpload({ bytes: sampleFiles.pdf(), declaredType: "application/pdf" })).toMatchObject({
      ok: true,
      mediaType: "application/pdf",
      width: null,
      height: null,
    });
  });

  it("takes the declared type loosely (aliases, parameters, case) but the bytes strictly", () => {
    expect(checkDocumentUpload({ bytes: sampleFiles.jpeg(800, 600), declaredType: "Image/JPG; name=scan" }).ok).toBe(
      true,
    );
    expect(checkDocumentUpload({ bytes: sampleFiles.png(800, 600), declaredType: "image/jpeg" })).toEqual({
      ok: false,
      problems: [{ code: "type_mismatch", declaredType: "image/jpeg", detectedType: "image/png" }],
    });
    const gif = new TextEncoder().encode("GIF89a\u0001\u0000\u0001\u0000");
    expect(checkDocumentUpload({ bytes: gif, declaredType: "image/gif" })).toEqual({
      ok: false,
      problems: [{ code: "unsupported_type", declaredType: "image/gif" }],
    });
  });

  it("refuses empty, oversized and unreadable files", () => {
    expect(checkDocumentUpload({ bytes: new Uint8Array(0), declaredType: "image/png" })).toEqual({
      ok: false,
      problems: [{ code: "empty" }],
    });
    expect(
      checkDocumentUpload({ bytes: sampleFiles.png(800, 600), declaredType: "image/png", limits: { maxBytes: 20 } }),
    ).toEqual({
      ok: false,
      problems: [{ code: "too_large", maxBytes: 20, size: 33 }],
    });
    const truncated = sampleFiles.png(800, 600).subarray(0, 14);
    expect(checkDocumentUpload({ bytes: truncated, declaredType: "image/png" })).toEqual({
      ok: false,
      problems: [{ code: "unreadable" }],
    });
    expect(checkDocumentUpload({ bytes: sampleFiles.pdf(false), declaredType: "application/pdf" })).toEqual({
      ok: false,
      problems: [{ code: "unreadable" }],
    });
  });

  it("refuses images too small to read or too large to decode safely, in either orientation", () => {
    expect(checkDocumentUpload({ bytes: sampleFiles.png(320, 240), declaredType: "image/png" })).toEqual({
      ok: false,
      problems: [{ code: "dimensions_too_small", width: 320, height: 240 }],
    });
    expect(checkDocumentUpload({ bytes: sampleFiles.png(600, 800), declaredType: "image/png" }).ok).toBe(true);
    expect(checkDocumentUpload({ bytes: sampleFiles.png(20_000, 900), declaredType: "image/png" })).toMatchObject({
      problems: [{ code: "dimensions_too_large" }],
    });
    expect(
      checkDocumentUpload({
        bytes: sampleFiles.png(900, 700),
        declaredType: "image/png",
        limits: { minWidth: 1000, minHeight: 700 },
      }).ok,
    ).toBe(false);
  });

  it("reports the dimensions as displayed, after the EXIF rotation", () => {
    expect(checkDocumentUpload({ bytes: sampleFiles.jpeg(1600, 1200, 6), declaredType: "image/jpeg" })).toMatchObject({
      ok: true,
      width: 1200,
      height: 1600,
    });
  });

  it("lists every problem at once", () => {
    const check = checkDocumentUpload({
      bytes: sampleFiles.jpeg(100, 100),
      declaredType: "image/png",
      limits: { maxBytes: 10 },
    });
    expect(check.ok ? [] : check.problems.map((problem) => problem.code)).toEqual([
      "too_large",
      "type_mismatch",
      "dimensions_too_small",
    ]);
  });
});
