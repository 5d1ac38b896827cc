import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { decodeImportFile, importFileLimitBytes } from "./decodeImportFile.ts";
import { importFileError } from "./teamImportFixtures.ts";

const csv = "surname,given_names\r\nMüller,Jürgen\r\n张,伟\r\n";

describe("decodeImportFile", () => {
  test("reads UTF-8 without a byte order mark", () => {
    expect(decodeImportFile(Buffer.from(csv, "utf8"))).toEqual({ text: csv, encoding: "utf-8" });
  });

  test("reads UTF-8 with a byte order mark and drops the mark", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, "utf8")]);
    expect(decodeImportFile(bytes)).toEqual({ text: csv, encoding: "utf-8" });
  });

  test("reads UTF-16 LE with a byte order mark (Excel's Unicode text)", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, "utf16le")]);
    expect(decodeImportFile(bytes)).toEqual({ text: csv, encoding: "utf-16le" });
  });

  test("reads UTF-16 BE with a byte order mark", () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(csv, "utf16le").swap16()]);
    expect(decodeImportFile(bytes)).toEqual({ text: csv, encoding: "utf-16be" });
  });

  test("a byte order mark wins over ?encoding=", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, "utf8")]);
    expect(decodeImportFile(bytes, { encoding: "windows-1252" })).toEqual({ text: csv, encoding: "utf-8" });
  });

  test("reads GB18030 with ?encoding=gb18030", () => {
    const text = "surname,given_names\r\n张,伟\r\n欧阳,娜娜\r\n";
    expect(decodeImportFile(iconv.encode(text, "gb18030"), { encoding: "gb18030" })).toEqual({
      text,
      encoding: "gb18030",
    });
  });

  test("refuses GB18030 without ?encoding= and suggests gb18030, rather than reading mojibake", () => {
    const error = importFileError(() => decodeImportFile(iconv.encode("surname,given_names\r\n张,伟\r\n", "gb18030")));
    expect(error.code).toBe("ENTRADA_IMPORT_ENCODING_INVALID");
    expect(error.status).toBe(422);
    // "surname,given_names\r\n" is 21 bytes; 张 is the first byte UTF-8 cannot read.
    expect(error.details).toEqual({ encoding: "utf-8", byteOffset: 21, suggestedEncoding: "gb18030" });
    expect(error.shortMessage).toContain("?encoding=gb18030");
  });

  test("reads Windows-1252 names with ?encoding=windows-1252", () => {
    const text = "surname,given_names\r\nMüller,Jürgen\r\nGonçalves,Iñés\r\n";
    expect(decodeImportFile(iconv.encode(text, "windows-1252"), { encoding: "Windows-1252" })).toEqual({
      text,
      encoding: "windows-1252",
    });
  });

  test("refuses Windows-1252 without ?encoding= and suggests windows-1252", () => {
    const error = importFileError(() => decodeImportFile(iconv.encode("surname\r\nMüller\r\n", "windows-1252")));
    expect(error.details).toEqual({ encoding: "utf-8", byteOffset: 10, suggestedEncoding: "windows-1252" });
  });

  test("refuses bytes that are not GB18030 when ?encoding=gb18030, at the first bad byte", () => {
    const bytes = Buffer.concat([Buffer.from("surname\r\n", "ascii"), Buffer.from([0xff, 0x41])]);
    const error = importFileError(() => decodeImportFile(bytes, { encoding: "gb18030" }));
    expect(error.code).toBe("ENTRADA_IMPORT_ENCODING_INVALID");
    expect(error.details).toEqual({ encoding: "gb18030", byteOffset: 9 });
  });

  test("refuses a byte that Windows-1252 leaves unassigned", () => {
    const error = importFileError(() => decodeImportFile(Buffer.from([0x41, 0x81]), { encoding: "windows-1252" }));
    expect(error.details).toEqual({ encoding: "windows-1252", byteOffset: 1 });
  });

  test("refuses UTF-16 that lost its byte order mark", () => {
    const error = importFileError(() => decodeImportFile(Buffer.from("surname", "utf16le")));
    expect(error.code).toBe("ENTRADA_IMPORT_ENCODING_INVALID");
    expect(error.shortMessage).toContain("UTF-16");
  });

  test("refuses malformed UTF-16 after its byte order mark", () => {
    // A high surrogate followed by a letter: no character.
    const bytes = Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x3d, 0xd8, 0x41, 0x00]);
    const error = importFileError(() => decodeImportFile(bytes));
    expect(error.details).toEqual({ encoding: "utf-16le", byteOffset: 4 });
  });

  test("refuses an encoding it does not read", () => {
    const error = importFileError(() => decodeImportFile(Buffer.from("a"), { encoding: "shift_jis" }));
    expect(error.code).toBe("ENTRADA_IMPORT_ENCODING_UNSUPPORTED");
    expect(error.status).toBe(400);
    expect(error.details).toEqual({ encoding: "shift_jis", supported: ["gb18030", "windows-1252"] });
  });

  test("reads exactly 10 MiB and refuses 10 MiB + 1 byte before decoding it", () => {
    const limit = Buffer.alloc(importFileLimitBytes, 0x61);
    expect(decodeImportFile(limit).text.length).toBe(10 * 1024 * 1024);
    // The byte past the limit is not text at all: the size is checked first.
    const over = Buffer.concat([limit, Buffer.from([0xff])]);
    const error = importFileError(() => decodeImportFile(over));
    expect(error.code).toBe("ENTRADA_IMPORT_FILE_TOO_LARGE");
    expect(error.status).toBe(413);
    expect(error.details).toEqual({ limitBytes: 10_485_760, sizeBytes: 10_485_761 });
  });

  test("an empty file decodes to empty text (the checker refuses it)", () => {
    expect(decodeImportFile(new Uint8Array())).toEqual({ text: "", encoding: "utf-8" });
  });
});
