import iconv from "iconv-lite";
import { TeamImportFileError } from "./TeamImportFileError.ts";

/** The largest import file read: 10 MiB, checked on the bytes before any decoding. */
export const importFileLimitBytes = 10 * 1024 * 1024;

/** The legacy encodings `?encoding=` may name: what Excel's plain "CSV" saves on Chinese and Western Windows. */
export const importEncodings = ["gb18030", "windows-1252"] as const;

/** An encoding `?encoding=` may name. */
export type ImportEncoding = (typeof importEncodings)[number];

/** Options of {@link decodeImportFile}. */
export type DecodeImportFileOptions = {
  /** The file's encoding when it has no byte order mark; default UTF-8. */
  encoding?: string | undefined;
};

/** What {@link decodeImportFile} returns. */
export type DecodeImportFileReturnType = {
  /** The file's text, without its byte order mark. */
  text: string;
  /** The encoding it was read in. */
  encoding: "utf-8" | "utf-16le" | "utf-16be" | ImportEncoding;
};

/**
 * The text of an uploaded spreadsheet. A byte order mark decides (UTF-8, UTF-16 LE or BE: Excel's
 * "CSV UTF-8" and "Unicode text"), even over `encoding`, since it cannot be there by accident; without
 * one the file is `encoding` when given, else UTF-8. Bytes that are not text in that encoding are
 * refused with the offset of the first, never replaced by "�": a name must not be filed half-read.
 * A file that is not UTF-8 and has no `encoding` is refused with a guess at what Excel saved it as
 * (`details.suggestedEncoding`) rather than read by that guess: GB18030 and Windows-1252 bytes are
 * each valid in the other, so only the admin knows.
 *
 * @throws {TeamImportFileError} `ENTRADA_IMPORT_FILE_TOO_LARGE` (over 10 MiB, before decoding),
 *   `ENTRADA_IMPORT_ENCODING_UNSUPPORTED`, `ENTRADA_IMPORT_ENCODING_INVALID`.
 * @example
 * decodeImportFile(Buffer.from("\uFEFFsurname,…", "utf8")) // { text: "surname,…", encoding: "utf-8" }
 * decodeImportFile(bytes, { encoding: "gb18030" }) // { text: "surname,…\r\n张,伟,CHN,…", encoding: "gb18030" }
 */
export function decodeImportFile(bytes: Uint8Array, options: DecodeImportFileOptions = {}): DecodeImportFileReturnType {
  if (bytes.byteLength > importFileLimitBytes) {
    throw new TeamImportFileError(
      "ENTRADA_IMPORT_FILE_TOO_LARGE",
      `The file is ${bytes.byteLength} bytes; the import reads at most ${importFileLimitBytes} (10 MiB).`,
      { limitBytes: importFileLimitBytes, sizeBytes: bytes.byteLength },
    );
  }
  const requested = options.encoding?.trim().toLowerCase();
  if (requested !== undefined && requested !== "" && !(importEncodings as readonly string[]).includes(requested)) {
    throw new TeamImportFileError(
      "ENTRADA_IMPORT_ENCODING_UNSUPPORTED",
      `The import reads ${importEncodings.join(" or ")} besides UTF-8 and UTF-16, not "${options.encoding}".`,
      { encoding: options.encoding ?? "", supported: [...importEncodings] },
    );
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(buffer, [0xef, 0xbb, 0xbf])) return { text: strictUnicode(buffer, 3, "utf-8"), encoding: "utf-8" };
  if (startsWith(buffer, [0xff, 0xfe])) return { text: strictUnicode(buffer, 2, "utf-16le"), encoding: "utf-16le" };
  if (startsWith(buffer, [0xfe, 0xff])) return { text: strictUnicode(buffer, 2, "utf-16be"), encoding: "utf-16be" };
  if (requested === "gb18030" || requested === "windows-1252") {
    return { text: strictLegacy(buffer, requested), encoding: requested };
  }
  const text = strictUnicode(buffer, 0, "utf-8");
  // NUL is valid UTF-8 but never in a spreadsheet's text: it is UTF-16 that lost its byte order mark.
  const nul = text.indexOf("\u0000");
  if (nul !== -1) {
    throw new TeamImportFileError(
      "ENTRADA_IMPORT_ENCODING_INVALID",
      "The file holds NUL characters: it looks like UTF-16 without a byte order mark. Save it as “CSV UTF-8”.",
      { encoding: "utf-8", byteOffset: Buffer.byteLength(text.slice(0, nul), "utf8") },
    );
  }
  return { text, encoding: "utf-8" };
}

function startsWith(buffer: Buffer, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => buffer[index] === byte);
}

/**
 * UTF-8 or UTF-16 by the WHATWG decoder in fatal mode; on failure the offset of the first bad
 * byte, found by decoding ever longer prefixes (a binary search, so at most ~24 decodes of 10 MiB).
 */
function strictUnicode(buffer: Buffer, skip: number, encoding: "utf-8" | "utf-16le" | "utf-16be"): string {
  const body = buffer.subarray(skip);
  const decode = (bytes: Uint8Array, stream: boolean) =>
    new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes, { stream });
  try {
    return decode(body, false);
  } catch (cause) {
    // The longest prefix that decodes as a stream (a sequence cut at its end is not yet an error);
    // the bad character starts where the whole characters of that prefix end.
    let [good, bad] = [0, body.byteLength];
    while (bad - good > 1) {
      const middle = Math.floor((good + bad) / 2);
      try {
        decode(body.subarray(0, middle), true);
        good = middle;
      } catch {
        bad = middle;
      }
    }
    const whole = decode(body.subarray(0, good), true);
    const byteOffset = skip + (encoding === "utf-8" ? Buffer.byteLength(whole, "utf8") : whole.length * 2);
    const suggestion = encoding === "utf-8" && skip === 0 ? suggestEncoding(body) : undefined;
    throw new TeamImportFileError(
      "ENTRADA_IMPORT_ENCODING_INVALID",
      suggestion === undefined
        ? `The file is not valid ${encoding.toUpperCase()} (byte ${byteOffset}).`
        : `The file is not UTF-8 (byte ${byteOffset}); it looks like ${suggestion === "gb18030" ? "GB18030" : "Windows-1252"}. Upload it again with ?encoding=${suggestion}, or save it as “CSV UTF-8”.`,
      {
        encoding,
        byteOffset,
        ...(suggestion === undefined ? {} : { suggestedEncoding: suggestion }),
      },
      cause,
    );
  }
}

/**
 * GB18030 or Windows-1252 by iconv-lite, which writes U+FFFD for a byte it cannot map: such a byte
 * is refused. (Windows-1252 leaves five bytes unassigned, 0x81 0x8D 0x8F 0x90 0x9D; Excel never
 * writes them in text.)
 */
function strictLegacy(buffer: Buffer, encoding: ImportEncoding): string {
  const text = iconv.decode(buffer, encoding, { stripBOM: false });
  const bad = text.indexOf("\uFFFD");
  if (bad !== -1) {
    const byteOffset = iconv.encode(text.slice(0, bad), encoding).byteLength;
    throw new TeamImportFileError(
      "ENTRADA_IMPORT_ENCODING_INVALID",
      `The file is not valid ${encoding === "gb18030" ? "GB18030" : "Windows-1252"} (byte ${byteOffset}).`,
      { encoding, byteOffset },
    );
  }
  return text;
}

/**
 * Which legacy encoding a non-UTF-8 file most likely is. Chinese in GB18030 comes as pairs of bytes
 * above 0x80; Western letters in Windows-1252 (ü, ñ, ç) mostly as single ones between ASCII
 * letters. So: GB18030 when every run of high bytes has an even length and the file decodes as
 * GB18030 without a replacement, else Windows-1252. A guess for the message, never used to read.
 */
function suggestEncoding(body: Buffer): ImportEncoding {
  let run = 0;
  for (const byte of body) {
    if (byte >= 0x80) run++;
    else if (run % 2 === 1) return "windows-1252";
    else run = 0;
  }
  if (run % 2 === 1) return "windows-1252";
  return iconv.decode(body, "gb18030").includes("\uFFFD") ? "windows-1252" : "gb18030";
}
