import { PNG } from "pngjs";
import QRCode from "qrcode";
import { beforeAll, describe, expect, it } from "vitest";
import { sealToBase64url } from "../encoding/base64url.ts";
import { verifyVisaSeal } from "../seal/verifyVisaSeal.ts";
import { createTestAuthority, type TestAuthority, testSeal } from "../testing/sealFixtures.ts";
import { decodeQrImage } from "./decodeQrImage.ts";

/** The seal's QR as the server draws it: the bytes in byte mode, as a PNG, decoded back to RGBA pixels. */
async function qrPixels(bytes: Uint8Array, options: QRCode.QRCodeToBufferOptions = {}): Promise<PNG> {
  const png = await QRCode.toBuffer([{ data: bytes, mode: "byte" }], { errorCorrectionLevel: "M", ...options });
  return PNG.sync.read(png);
}

let authority: TestAuthority;
let seal: Uint8Array;
beforeAll(async () => {
  authority = await createTestAuthority("th-immigration");
  seal = await testSeal(authority);
});

describe("decodeQrImage", () => {
  it("reads a real seal's bytes from its QR PNG, and they verify", async () => {
    const image = await qrPixels(seal);
    const bytes = decodeQrImage(image);
    expect(sealToBase64url(bytes)).toBe(sealToBase64url(seal));
    const result = await verifyVisaSeal(bytes, { keys: [authority.trusted], now: new Date("2027-01-15T12:00:00Z") });
    expect(result).toMatchObject({ valid: true, status: "valid", authorityId: "th-immigration" });
    expect(result.data).toMatchObject({ surname: "ERIKSSON", passportNumber: "L898902C3" });
  });

  it("keeps bytes that are not text (the signature's high bytes) exactly, and reads light-on-dark codes", async () => {
    expect(seal.some((byte) => byte >= 0x80)).toBe(true);
    const inverted = await qrPixels(seal, { color: { dark: "#ffffffff", light: "#000000ff" } });
    expect(sealToBase64url(decodeQrImage(inverted))).toBe(sealToBase64url(seal));
  });

  it("reads a small, scaled code with a wide margin, as a photo of the page crops it", async () => {
    const image = await qrPixels(seal, { scale: 2, margin: 12 });
    expect(
      sealToBase64url(decodeQrImage({ data: new Uint8Array(image.data), width: image.width, height: image.height })),
    ).toBe(sealToBase64url(seal));
  });

  it("throws ENTRADA_SEAL_MALFORMED for an image without a QR code, and for pixels that do not fit the size", async () => {
    const blank = { data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64 };
    expect(() => decodeQrImage(blank)).toThrowError(
      expect.objectContaining({ code: "ENTRADA_SEAL_MALFORMED", details: { reason: "qr_code" } }),
    );
    expect(() => decodeQrImage({ ...blank, width: 63 })).toThrowError(
      expect.objectContaining({ code: "ENTRADA_SEAL_MALFORMED", details: { reason: "image" } }),
    );
    expect(() => decodeQrImage({ ...blank, width: 0, data: new Uint8ClampedArray() })).toThrowError(
      expect.objectContaining({ details: { reason: "image" } }),
    );
  });

  it("a QR of a changed seal reads as what it holds, and verifies as forged", async () => {
    const tampered = Uint8Array.from(seal);
    tampered[20] = tampered[20]! ^ 0x01;
    const bytes = decodeQrImage(await qrPixels(tampered));
    const result = await verifyVisaSeal(bytes, { keys: [authority.trusted], now: new Date("2027-01-15T12:00:00Z") });
    expect(result.status).toBe("forged");
  });
});
