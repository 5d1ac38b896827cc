import { imageSize } from "image-size";

/** The document formats Entrada accepts: photos and scans of the data page, or a PDF. */
export type DocumentMediaType = "image/jpeg" | "image/png" | "image/webp" | "application/pdf";

/** Limits of {@link checkDocumentUpload}; each has a default. */
export type DocumentUploadLimits = {
  /** Default 10 MiB. */
  maxBytes?: number | undefined;
  /** Smallest image sides: a data page must stay legible. Default 640 × 480 (either orientation). */
  minWidth?: number | undefined;
  minHeight?: number | undefined;
  /** Largest image sides, against decompression bombs. Default 12 000 × 12 000. */
  maxWidth?: number | undefined;
  maxHeight?: number | undefined;
  /**
   * Most pixels of an image, width × height, read from its header: a decoder needs memory for each
   * (4 bytes a pixel as RGBA), and a PNG of 8 000 × 8 000 plain pixels compresses to 62 KB.
   * Default 40 000 000 (40 megapixels, 160 MB decoded; a phone's photo is 12 to 50).
   */
  maxPixels?: number | undefined;
};

/** {@link DocumentUploadLimits.maxPixels}'s default: 40 megapixels. */
const defaultMaxDocumentPixels = 40_000_000;

/**
 * One reason an upload is refused. Stable codes:
 * `empty`, `too_large`, `unsupported_type` (the bytes are none of JPEG, PNG, WebP, PDF),
 * `type_mismatch` (the bytes are another format than declared), `unreadable` (a truncated or
 * corrupt file), `dimensions_too_small`, `dimensions_too_large`, `too_many_pixels` (over the
 * pixel budget, {@link DocumentUploadLimits.maxPixels}).
 */
export type DocumentProblem =
  | { readonly code: "empty" }
  | { readonly code: "too_large"; readonly maxBytes: number; readonly size: number }
  | { readonly code: "unsupported_type"; readonly declaredType: string }
  | { readonly code: "type_mismatch"; readonly declaredType: string; readonly detectedType: DocumentMediaType }
  | { readonly code: "unreadable" }
  | { readonly code: "dimensions_too_small"; readonly width: number; readonly height: number }
  | { readonly code: "dimensions_too_large"; readonly width: number; readonly height: number }
  | {
      readonly code: "too_many_pixels";
      readonly width: number;
      readonly height: number;
      readonly maxPixels: number;
    };

/** The answer of {@link checkDocumentUpload}. */
export type DocumentUploadCheck =
  | {
      readonly ok: true;
      readonly mediaType: DocumentMediaType;
      readonly size: number;
      /** Pixels as displayed (EXIF rotation applied); `null` for PDFs. */
      readonly width: number | null;
      readonly height: number | null;
    }
  | { readonly ok: false; readonly problems: readonly DocumentProblem[] };

/** Parameters of {@link checkDocumentUpload}. */
export type CheckDocumentUploadParameters = {
  bytes: Uint8Array;
  /** The Content-Type the client sent (parameters such as `; charset` are ignored). */
  declaredType: string;
  limits?: DocumentUploadLimits | undefined;
};

const aliases: Readonly<Record<string, DocumentMediaType>> = {
  "image/jpeg": "image/jpeg",
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "image/png": "image/png",
  "image/webp": "image/webp",
  "application/pdf": "application/pdf",
};

/**
 * Checks an uploaded identity document before it is stored: the format from its magic bytes (never
 * the client's word alone), agreement with the declared type, the size, and for images that they
 * decode and have sensible dimensions (EXIF orientation applied) and at most a pixel budget, all read
 * from the image's header: nothing decodes an image before it passes. Every problem is returned, not
 * only the first; nothing is thrown. Runs in the browser too, so the web can refuse early.
 *
 * @example
 * const check = checkDocumentUpload({ bytes, declaredType: request.headers["content-type"] });
 * if (!check.ok) throw new DocumentRejectedError({ problems: check.problems.map((problem) => problem.code) });
 */
export function checkDocumentUpload({
  bytes,
  declaredType,
  limits = {},
}: CheckDocumentUploadParameters): DocumentUploadCheck {
  const maxBytes = limits.maxBytes ?? 10 * 1024 * 1024;
  if (bytes.byteLength === 0) return { ok: false, problems: [{ code: "empty" }] };
  const problems: DocumentProblem[] = [];
  if (bytes.byteLength > maxBytes) problems.push({ code: "too_large", maxBytes, size: bytes.byteLength });

  const declared = declaredType.split(";")[0]!.trim().toLowerCase();
  const detected = detectMediaType(bytes);
  if (detected === undefined) {
    problems.push({ code: "unsupported_type", declaredType: declared.slice(0, 100) });
    return { ok: false, problems };
  }
  if (aliases[declared] !== detected) {
    problems.push({ code: "type_mismatch", declaredType: declared.slice(0, 100), detectedType: detected });
  }

  let width: number | null = null;
  let height: number | null = null;
  if (detected === "application/pdf") {
    // A PDF ends with %%EOF (maybe followed by a line break); its absence means a truncated upload.
    const tail = new TextDecoder("latin1").decode(bytes.subarray(Math.max(0, bytes.byteLength - 1024)));
    if (!tail.includes("%%EOF")) problems.push({ code: "unreadable" });
  } else {
    const size = readImageSize(bytes);
    if (size === undefined) {
      problems.push({ code: "unreadable" });
    } else {
      ({ width, height } = size);
      const [short, long] = [Math.min(width, height), Math.max(width, height)];
      const minShort = Math.min(limits.minWidth ?? 640, limits.minHeight ?? 480);
      const minLong = Math.max(limits.minWidth ?? 640, limits.minHeight ?? 480);
      if (short < minShort || long < minLong) problems.push({ code: "dimensions_too_small", width, height });
      if (width > (limits.maxWidth ?? 12_000) || height > (limits.maxHeight ?? 12_000)) {
        problems.push({ code: "dimensions_too_large", width, height });
      }
      const maxPixels = limits.maxPixels ?? defaultMaxDocumentPixels;
      if (width * height > maxPixels) problems.push({ code: "too_many_pixels", width, height, maxPixels });
    }
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, mediaType: detected, size: bytes.byteLength, width, height };
}

function detectMediaType(bytes: Uint8Array): DocumentMediaType | undefined {
  const startsWith = (signature: readonly number[], offset = 0) =>
    signature.every((byte, index) => bytes[offset + index] === byte);
  if (startsWith([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  if (startsWith([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  return undefined;
}

function readImageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  try {
    const { width, height, orientation } = imageSize(bytes);
    if (!(width > 0 && height > 0)) return undefined;
    // EXIF orientations 5-8 turn the image a quarter: the displayed width is the stored height.
    return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height };
  } catch {
    return undefined;
  }
}
