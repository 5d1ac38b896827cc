import { sealMalformed } from "../errors/VerifyError.ts";

/**
 * The 3 bytes ICAO Doc 9303 Part 13 (2.3.1) writes a date in: the decimal number MMDDYYYY as a
 * 24-bit big-endian integer.
 *
 * @example
 * encodeSealDate("1957-03-25") // Uint8Array [0x31, 0x9e, 0xf5] (3251957)
 */
export function encodeSealDate(date: string): Uint8Array {
  const value = Number(`${date.slice(5, 7)}${date.slice(8, 10)}${date.slice(0, 4)}`);
  return new Uint8Array([(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);
}

/**
 * The `YYYY-MM-DD` date of 3 seal bytes.
 *
 * @throws {VerifyError} `ENTRADA_SEAL_MALFORMED` (reason `date`) when they are not a day that exists.
 * @example
 * decodeSealDate(new Uint8Array([0x0f, 0x71, 0x34])) // "2020-01-01"
 */
export function decodeSealDate(bytes: Uint8Array, offset = 0): string {
  const value = (bytes[0]! << 16) | (bytes[1]! << 8) | bytes[2]!;
  const digits = String(value).padStart(8, "0");
  const date = `${digits.slice(4, 8)}-${digits.slice(0, 2)}-${digits.slice(2, 4)}`;
  if (value > 12_319_999 || !isIsoDate(date)) throw sealMalformed("date", "a date is not a day that exists", offset);
  return date;
}

/**
 * Whether a string is a `YYYY-MM-DD` date that exists (no 30 February).
 *
 * @example
 * isIsoDate("2024-02-29") // true
 * isIsoDate("2025-02-29") // false
 */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
