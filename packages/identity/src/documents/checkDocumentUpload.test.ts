import { deflateSync } from "node:zlib";
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

  it("refuses an image over the pixel budget from its header, before anything decodes it", () => {
    // A real PNG: 8 000 × 8 000 grey pixels, all zero, compress to about 62 KB and would need 64 MB
    // (256 MB as RGBA) to decode. Its sides are within 12 000; its 64 megapixels are over 40.
    const bomb = filledPng(8_000, 8_000);
    expect(bomb.byteLength).toBeLessThan(70_000);
    expect(checkDocumentUpload({ bytes: bomb, declaredType: "image/png" })).toEqual({
      ok: false,
      problems: [{ code: "too_many_pixels", width: 8_000, height: 8_000, maxPixels: 40_000_000 }],
    });
    // The budget is on the product: long and thin is judged the same way.
    expect(checkDocumentUpload({ bytes: sampleFiles.png(11_000, 4_000), declaredType: "image/png" })).toMatchObject({
      problems: [{ code: "too_many_pixels", width: 11_000, height: 4_000 }],
    });
    expect(checkDocumentUpload({ bytes: sampleFiles.jpeg(8_000, 5_000), declaredType: "image/jpeg" }).ok).toBe(true);
    expect(checkDocumentUpload({ bytes: sampleFiles.webp(8_000, 5_001), declaredType: "image/webp" })).toMatchObject({
      problems: [{ code: "too_many_pixels" }],
    });
    expect(
      checkDocumentUpload({
        bytes: sampleFiles.png(1_000, 1_000),
        declaredType: "image/png",
        limits: { maxPixels: 999_999 },
      }),
    ).toMatchObject({ problems: [{ code: "too_many_pixels", maxPixels: 999_999 }] });
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

/** A complete 8-bit greyscale PNG of zero pixels: what a decompression bomb looks like. */
function filledPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    // image-size reads the header only; the CRC is not checked, so it is left zero.
    return Buffer.concat([length, Buffer.from(type, "ascii"), data, Buffer.alloc(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  // Each row: filter byte 0, then `width` zero pixels.
  const pixels = deflateSync(Buffer.alloc((width + 1) * height), { level: 9 });
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", pixels),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}
