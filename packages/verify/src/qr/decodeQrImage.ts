import jsQR from "jsqr";
import { VerifyError } from "../errors/VerifyError.ts";

/** An image's pixels as a canvas gives them (`ImageData`): RGBA, 4 bytes a pixel, row by row. */
export type QrImage = {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
};

/**
 * Finds the QR code in an image and answers the bytes it carries. The seal travels in the QR's
 * byte mode, so this is jsQR's `binaryData`, not its text: byte mode is not guaranteed to be any
 * character set, and reading it as one would change the bytes the signature covers. Browser-safe
 * (plain pixels in, bytes out); a canvas's `getImageData` or a decoded PNG are both fine.
 *
 * Throws `ENTRADA_SEAL_MALFORMED` (reason `image`) when the pixels do not match the size, and
 * (reason `qr_code`) when no QR code can be read in the image.
 *
 * @example
 * const context = canvas.getContext("2d")!;
 * context.drawImage(photo, 0, 0);
 * const bytes = decodeQrImage(context.getImageData(0, 0, canvas.width, canvas.height));
 * await verifyVisaSeal(bytes, { keys });
 */
export function decodeQrImage(image: QrImage): Uint8Array<ArrayBuffer> {
  const { data, width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new VerifyError(`Not an image: ${width}×${height} pixels.`, {
      code: "ENTRADA_SEAL_MALFORMED",
      details: { reason: "image" },
    });
  }
  if (data.length !== width * height * 4) {
    throw new VerifyError(`Not an RGBA image: ${data.length} bytes for ${width}×${height} pixels.`, {
      code: "ENTRADA_SEAL_MALFORMED",
      details: { reason: "image" },
    });
  }
  const pixels =
    data instanceof Uint8ClampedArray ? data : new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  // A printed or photographed code may come out light on dark (a phone's dark mode, a negative scan).
  const code = jsQR(pixels, width, height, { inversionAttempts: "attemptBoth" });
  if (code === null) {
    throw new VerifyError("No QR code could be read in the image.", {
      code: "ENTRADA_SEAL_MALFORMED",
      details: { reason: "qr_code" },
    });
  }
  return Uint8Array.from(code.binaryData);
}
