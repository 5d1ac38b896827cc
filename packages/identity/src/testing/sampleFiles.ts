/**
 * The smallest byte strings that image readers take for real files of each format, for upload
 * tests: headers with dimensions, no pixels. Not part of the package's API.
 */
export const sampleFiles = {
  png(width: number, height: number): Uint8Array {
    const bytes = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
    bytes.writeUInt32BE(13, 8);
    bytes.write("IHDR", 12, "ascii");
    bytes.writeUInt32BE(width, 16);
    bytes.writeUInt32BE(height, 20);
    bytes.set([8, 2, 0, 0, 0], 24);
    return new Uint8Array(bytes);
  },

  /** A JPEG with a JFIF or EXIF (orientation) segment and an SOF0 frame, as cameras and scanners write them. */
  jpeg(width: number, height: number, orientation?: number): Uint8Array {
    const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
    if (orientation === undefined) {
      parts.push(Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
    } else {
      const tiff = Buffer.alloc(26);
      tiff.write("MM\u0000*", 0, "latin1");
      tiff.writeUInt32BE(8, 4);
      tiff.writeUInt16BE(1, 8);
      tiff.writeUInt16BE(0x0112, 10);
      tiff.writeUInt16BE(3, 12);
      tiff.writeUInt32BE(1, 14);
      tiff.writeUInt16BE(orientation, 18);
      tiff.writeUInt32BE(0, 22);
      const exif = Buffer.concat([Buffer.from("Exif\u0000\u0000", "latin1"), tiff]);
      const header = Buffer.from([0xff, 0xe1, 0, 0]);
      header.writeUInt16BE(exif.length + 2, 2);
      parts.push(header, exif);
    }
    const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    sof.writeUInt16BE(height, 5);
    sof.writeUInt16BE(width, 7);
    parts.push(sof, Buffer.from([0xff, 0xd9]));
    return new Uint8Array(Buffer.concat(parts));
  },

  /** A WebP with an extended (VP8X) header. */
  webp(width: number, height: number): Uint8Array {
    const bytes = Buffer.alloc(30);
    bytes.write("RIFF", 0, "ascii");
    bytes.writeUInt32LE(22, 4);
    bytes.write("WEBPVP8X", 8, "ascii");
    bytes.writeUInt32LE(10, 16);
    bytes.writeUIntLE(width - 1, 24, 3);
    bytes.writeUIntLE(height - 1, 27, 3);
    return new Uint8Array(bytes);
  },

  pdf(complete = true): Uint8Array {
    const text = `%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n${complete ? "%%EOF\n" : ""}`;
    return new TextEncoder().encode(text);
  },
};
