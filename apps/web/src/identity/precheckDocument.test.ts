import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { precheckDocument } from "./precheckDocument.ts";

/** A PNG of the given size: signature, IHDR and a tiny IDAT (the check reads only the header). */
function png(width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    return out;
  };
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", new Uint8Array(deflateSync(new Uint8Array(1)))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

describe("precheckDocument", () => {
  it("accepts a legible image and sends it as what its bytes are", () => {
    expect(precheckDocument(png(800, 600), "image/png")).toEqual({ ok: true, mediaType: "image/png", size: 66 });
    // The browser's guess from the file name is only a guess: a PNG named .jpg is sent as a PNG.
    expect(precheckDocument(png(600, 800), "image/jpeg")).toMatchObject({ ok: true, mediaType: "image/png" });
    expect(precheckDocument(png(600, 800), "")).toMatchObject({ ok: true, mediaType: "image/png" });
  });

  it("refuses what the server would refuse, every problem named", () => {
    expect(precheckDocument(png(100, 100), "image/png")).toEqual({
      ok: false,
      problems: [{ code: "dimensions_too_small", width: 100, height: 100 }],
    });
    expect(precheckDocument(new Uint8Array(0), "image/png")).toEqual({ ok: false, problems: [{ code: "empty" }] });
    expect(precheckDocument(new TextEncoder().encode("hello"), "text/plain")).toEqual({
      ok: false,
      problems: [{ code: "unsupported_type", declaredType: "text/plain" }],
    });
  });
});
